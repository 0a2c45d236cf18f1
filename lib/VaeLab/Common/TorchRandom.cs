using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Common;

/// <summary>
/// Seeds torch's global generator for a block of library code and puts the caller's generator state back afterwards,
/// so a library function is reproducible from its seed without resetting the global stream as a side effect.
/// (Distributions and dropout draw from the global generator; this keeps them deterministic per call.)
/// </summary>
public sealed class TorchRandom : IDisposable
{
    private readonly Tensor savedState;

    private TorchRandom(long seed)
    {
        savedState = torch.random.get_rng_state();
        torch.random.manual_seed(seed);
    }

    /// <summary><c>using var _ = TorchRandom.Seeded(seed);</c> — the global generator is restored on dispose.</summary>
    public static TorchRandom Seeded(long seed) => new(seed);

    public void Dispose()
    {
        torch.random.set_rng_state(savedState);
        savedState.Dispose();
    }
}
