using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>The VAE families the series trains.</summary>
public enum VaeArchitecture
{
    Mlp,
    Conv,
}

/// <summary>
/// What is needed to rebuild a VAE (stored in checkpoints): architecture, latent size and hidden size (MLP).
/// </summary>
public sealed record VaeSpec(VaeArchitecture Architecture = VaeArchitecture.Mlp, int LatentSize = 20, int HiddenSize = 400)
{
    /// <summary>Builds the model with weights drawn after seeding torch with <paramref name="seed"/>.</summary>
    public nn.Module<Tensor, (Tensor Logits, Tensor Mean, Tensor LogVariance)> Create(int? seed = null)
    {
        if (seed is int s) torch.manual_seed(s);
        return Architecture switch
        {
            VaeArchitecture.Mlp => new MlpVae(new MlpVaeOptions(HiddenSize: HiddenSize, LatentSize: LatentSize)),
            VaeArchitecture.Conv => new ConvVae(new ConvVaeOptions(LatentSize: LatentSize)),
            _ => throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown VAE architecture."),
        };
    }

    public override string ToString() => Architecture == VaeArchitecture.Mlp
        ? $"MLP VAE 784-{HiddenSize}-{LatentSize}"
        : $"conv VAE (32/64 channels, latent {LatentSize})";
}
