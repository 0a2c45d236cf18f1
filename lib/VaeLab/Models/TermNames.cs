namespace VaeLab.Models;

/// <summary>
/// The names of the per-example loss terms models report in <see cref="ModelOutput.Terms"/>. One convention for the
/// whole series: <see cref="LogLikelihood"/> is log p(x|z) (≤ 0 for discrete data; higher is better), its negative is
/// the reconstruction loss (≥ 0); the ELBO is log_likelihood − kl.
/// </summary>
public static class TermNames
{
    /// <summary>log p(x|z) for the sampled z (nats per example).</summary>
    public const string LogLikelihood = "log_likelihood";

    /// <summary>KL(q(z|x) ‖ p(z)) in closed form (nats per example).</summary>
    public const string Kl = "kl";

    /// <summary>VQ-VAE: ‖sg[z_e] − e‖², moves the codebook towards the encoder outputs.</summary>
    public const string Codebook = "codebook";

    /// <summary>VQ-VAE: ‖z_e − sg[e]‖², keeps the encoder close to its chosen codes.</summary>
    public const string Commitment = "commitment";
}
