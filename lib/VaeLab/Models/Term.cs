using System.Text.Json.Serialization;
using VaeLab.Common;

namespace VaeLab.Models;

/// <summary>
/// The name of a per-example term a model reports in <see cref="ModelOutput.Terms"/>. One convention for the whole
/// series: <see cref="LogLikelihood"/> is log p(x|z) (higher is better; its negative is the reconstruction loss),
/// <see cref="Kl"/> is KL(q(z|x) ‖ p(z)), and the ELBO is log_likelihood − kl; every other term is a loss (lower is
/// better) that an objective weights. Typed, so an objective's weights name terms that exist
/// (<c>Objective.TermWeights</c> checks them against what the model reports). An objective's extra loss terms
/// (<c>Objective.ExtraTerms</c>: a total-correlation penalty, a score-function surrogate) are named by a term too, and
/// the trainer records their values under it.
/// </summary>
[JsonConverter(typeof(NameJsonConverter<Term>))]
public readonly record struct Term : INamedKey<Term>
{
    public Term(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
            throw new ArgumentException($"A term name is lower-case letters, digits and underscores (e.g. denoising_loss); got '{name}'.");
        Name = name;
    }

    public string Name { get; }

    public static Term FromName(string name) => new(name);

    /// <summary>log p(x|z) for the sampled z (nats per example).</summary>
    public static Term LogLikelihood { get; } = new("log_likelihood");

    /// <summary>KL(q(z|x) ‖ p(z)) (nats per example).</summary>
    public static Term Kl { get; } = new("kl");

    /// <summary>VQ-VAE: ‖sg[z_e] − e‖², moves the codebook towards the encoder outputs.</summary>
    public static Term Codebook { get; } = new("codebook");

    /// <summary>VQ-VAE: ‖z_e − sg[e]‖², keeps the encoder close to its chosen codes.</summary>
    public static Term Commitment { get; } = new("commitment");

    /// <summary>Whether the term is one of the ELBO's two (log-likelihood, KL), which objectives weight by their own rules.</summary>
    public bool IsElboTerm => this == LogLikelihood || this == Kl;

    public override string ToString() => Name;
}
