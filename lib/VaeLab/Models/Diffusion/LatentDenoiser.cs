using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Diffusion;

/// <summary>Sizes of the latent denoiser and its noise schedule (T steps, β rising linearly from FirstBeta to LastBeta).</summary>
public sealed record LatentDenoiserOptions(int LatentSize = 16, int HiddenSize = 256, int TimeFeatures = 32, int Steps = 200,
    double FirstBeta = 1e-4, double LastBeta = 0.05)
{
    public void Validate()
    {
        if (LatentSize < 1 || HiddenSize < 1 || TimeFeatures < 2 || TimeFeatures % 2 != 0)
            throw new ArgumentException($"Sizes must be positive and the time features an even number; got latent {LatentSize}, hidden {HiddenSize}, time features {TimeFeatures}.");
        if (Steps < 1) throw new ArgumentException($"The number of diffusion steps must be at least 1; got {Steps}.");
    }
}

/// <summary>
/// A denoising diffusion model (Ho et al. 2020) over latent vectors, as latent diffusion (Rombach et al. 2022) runs one
/// over an autoencoder's latents: a small MLP ε_θ(z_t, t) that predicts the noise in z_t = √ᾱ_t z_0 + √(1 − ᾱ_t) ε.
/// Its forward pass is one training step's loss, the "simple" objective of Ho et al. (eq. 14): draw t uniformly from
/// 1 … T and ε ~ N(0, I) (from torch's generator, which the trainer seeds per epoch), and report
/// ‖ε − ε_θ(z_t, t)‖² / D per example as the term <see cref="DenoisingLoss"/> — a plain loss, no latent of its own.
/// <see cref="Sample"/> runs ancestral sampling (their algorithm 2) from z_T ~ N(0, I) down to z_0.
/// </summary>
public sealed class LatentDenoiser : Module<Tensor, ModelOutput>
{
    private readonly TorchSharp.Modules.Linear input;
    private readonly TorchSharp.Modules.Linear hidden;
    private readonly TorchSharp.Modules.Linear output;

    public LatentDenoiser(LatentDenoiserOptions? options = null) : base(nameof(LatentDenoiser))
    {
        Options = options ?? new LatentDenoiserOptions();
        Options.Validate();
        Schedule = NoiseSchedule.Linear(Options.Steps, Options.FirstBeta, Options.LastBeta);
        input = Linear(Options.LatentSize + Options.TimeFeatures, Options.HiddenSize);
        hidden = Linear(Options.HiddenSize, Options.HiddenSize);
        output = Linear(Options.HiddenSize, Options.LatentSize);
        RegisterComponents();
    }

    /// <summary>The mean squared error of the noise prediction, per example (averaged over the latent's dimensions).</summary>
    public static Term DenoisingLoss { get; } = new("denoising_loss");

    public LatentDenoiserOptions Options { get; }

    public NoiseSchedule Schedule { get; }

    public override ModelOutput forward(Tensor z0)
    {
        CheckLatents(z0);
        var t = randint(1, Schedule.Steps + 1, [z0.shape[0]], dtype: ScalarType.Int64, device: z0.device);
        var noise = randn_like(z0);
        var zt = Schedule.Noise(z0, t, noise);
        var loss = (PredictNoise(zt, t) - noise).pow(2).mean([1]);
        return new ModelOutput(new Dictionary<Term, Tensor> { [DenoisingLoss] = loss });
    }

    /// <summary>ε_θ(z_t, t) for latents [N, D] at times <paramref name="t"/> [N] (integers 1 … T).</summary>
    public Tensor PredictNoise(Tensor zt, Tensor t)
    {
        CheckLatents(zt);
        var features = cat([zt, TimeFeatures(t, zt.dtype)], 1);
        var h = Silu(input.call(features));
        h = Silu(hidden.call(h));
        return output.call(h);
    }

    /// <summary>
    /// Ancestral sampling (Ho et al. 2020, algorithm 2): z_T ~ N(0, I), then for t = T … 1
    /// z_{t−1} = (z_t − β_t/√(1 − ᾱ_t) ε_θ(z_t, t)) / √α_t + σ_t ε with σ_t² = β_t (no noise at t = 1).
    /// Returns z_0 [count, D] and the state at each time in <paramref name="keepAt"/> (e.g. T, T/2, 0) for a strip.
    /// </summary>
    public DiffusionSamples Sample(int count, Generator generator, IReadOnlyCollection<int>? keepAt = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(generator);
        var kept = new SortedDictionary<int, Tensor>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        using var noGrad = no_grad();
        var wasTraining = training;
        eval();
        try
        {
            var z = randn([count, Options.LatentSize], generator: generator);
            Keep(kept, keepAt, Schedule.Steps, z);
            for (var step = Schedule.Steps; step >= 1; step--)
            {
                var next = ReverseStep(z, step, generator);
                z.Dispose();
                z = next;
                // Outside the step's dispose scope: the kept copies must outlive the loop.
                Keep(kept, keepAt, step - 1, z);
            }
            return new DiffusionSamples(z, kept);
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <summary>One draw from p_θ(z_{t−1} | z_t); its intermediate tensors are freed before it returns.</summary>
    private Tensor ReverseStep(Tensor z, int step, Generator generator)
    {
        using var scope = NewDisposeScope();
        var count = z.shape[0];
        var t = full([count], step, dtype: ScalarType.Int64);
        var mean = Schedule.ReverseMean(z, step, PredictNoise(z, t));
        var next = step > 1 ? mean + Math.Sqrt(Schedule.Beta(step)) * randn([count, Options.LatentSize], generator: generator) : mean;
        return next.MoveToOuterDisposeScope();
    }

    /// <summary>Sinusoidal features of t / T at geometrically spaced frequencies (as the transformer's positions, Vaswani et al. 2017).</summary>
    private Tensor TimeFeatures(Tensor t, ScalarType dtype)
    {
        if (t.dim() != 1) throw new ArgumentException($"Give one time step per latent, [N]; got [{string.Join(", ", t.shape)}].");
        var half = Options.TimeFeatures / 2;
        var frequencies = exp(arange(half, dtype: ScalarType.Float32) * (-Math.Log(1000.0) / Math.Max(1, half - 1))).to(t.device);
        var angles = (t.to_type(ScalarType.Float32) / Schedule.Steps * 1000).unsqueeze(1) * frequencies.unsqueeze(0);
        return cat([angles.sin(), angles.cos()], 1).to_type(dtype);
    }

    /// <summary>SiLU, x · σ(x) (Elfwing et al. 2018; the activation of the DDPM's U-Net).</summary>
    private static Tensor Silu(Tensor x) => x * x.sigmoid();

    private void CheckLatents(Tensor z)
    {
        if (z.dim() != 2 || z.shape[1] != Options.LatentSize)
            throw new ArgumentException($"LatentDenoiser takes latents shaped [N, {Options.LatentSize}]; got [{string.Join(", ", z.shape)}].");
    }

    private static void Keep(SortedDictionary<int, Tensor> kept, IReadOnlyCollection<int>? keepAt, int step, Tensor z)
    {
        if (keepAt is not null && keepAt.Contains(step)) kept[step] = z.clone();
    }
}

/// <summary>Draws from a diffusion model: the final z_0 and the intermediate states kept, by time step (T first).</summary>
public sealed record DiffusionSamples(Tensor Final, IReadOnlyDictionary<int, Tensor> Trajectory);
