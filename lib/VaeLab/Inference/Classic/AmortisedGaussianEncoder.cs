using TorchSharp;
using TorchSharp.Modules;
using VaeLab.Common;
using VaeLab.Distributions;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Inference.Classic;

/// <summary>
/// q_φ(z | x) = N(μ_φ(x), diag σ²_φ(x)) from one small MLP: the encoder of a VAE, shared by every data point instead
/// of one (mean, variance) pair per point.
/// </summary>
public sealed class AmortisedGaussianEncoder : nn.Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private readonly Linear hidden;
    private readonly Linear output;
    private readonly int _latent;

    public AmortisedGaussianEncoder(int dataDimension, int hiddenUnits, int latentDimension) : base(nameof(AmortisedGaussianEncoder))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenUnits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentDimension, 1);
        DataDimension = dataDimension;
        _latent = latentDimension;
        hidden = nn.Linear(dataDimension, hiddenUnits, dtype: ScalarType.Float64);
        output = nn.Linear(hiddenUnits, 2 * latentDimension, dtype: ScalarType.Float64);
        RegisterComponents();
    }

    public int DataDimension { get; }
    public int LatentDimension => _latent;

    public override (Tensor Mean, Tensor LogVariance) forward(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != DataDimension)
            throw new ArgumentException($"The encoder expects x of shape [batch, {DataDimension}], got [{string.Join(", ", x.shape)}].");
        using var h = nn.functional.tanh(hidden.call(x));
        var both = output.call(h);
        return (both[.., .._latent], both[.., _latent..]);
    }

    public long ParameterCount => parameters().Sum(p => p.numel());
}

/// <summary>Settings for fitting an amortised encoder to a <see cref="LinearGaussianLatentModel"/>.</summary>
public sealed record AmortisedFitSettings(int HiddenUnits = 32, int Steps = 2000, double LearningRate = 1e-2, int Seed = 0);

/// <summary>The fitted encoder and the mean ELBO per step.</summary>
public sealed record AmortisedFit(AmortisedGaussianEncoder Encoder, double[] MeanElbo);

/// <summary>
/// The encoder inside the linear-Gaussian model as a model of the series: for a batch x it reports, per row, the
/// closed-form E_q[log p(x|z)] as log_likelihood and KL(q(z|x) ‖ N(0, I)) as kl, so the ELBO is exact (no sampling)
/// and the one Trainer fits it full-batch in Float64.
/// </summary>
public sealed class AmortisedLinearGaussianVae : nn.Module<Tensor, ModelOutput>
{
    private readonly AmortisedGaussianEncoder encoder;
    private readonly Tensor weights;
    private readonly Tensor bias;
    private readonly double noiseVariance;

    public AmortisedLinearGaussianVae(LinearGaussianLatentModel model, int hiddenUnits) : base(nameof(AmortisedLinearGaussianVae))
    {
        encoder = new AmortisedGaussianEncoder(model.DataDimension, hiddenUnits, model.LatentDimension);
        weights = AmortisedInference.ToTensor(model.Weights);
        bias = tensor(model.Bias, dtype: ScalarType.Float64);
        noiseVariance = model.NoiseVariance;
        RegisterComponents();
    }

    public AmortisedGaussianEncoder Encoder => encoder;

    public override ModelOutput forward(Tensor x)
    {
        var (mean, logVariance) = encoder.call(x);
        var (expectedLogLikelihood, kl) = AmortisedInference.ElboTerms(x, mean, logVariance, weights, bias, noiseVariance);
        return new ModelOutput(new Dictionary<string, Tensor> { [TermNames.LogLikelihood] = expectedLogLikelihood, [TermNames.Kl] = kl });
    }
}

/// <summary>
/// The two gaps below log p(x), averaged over a set of points (Cremer et al. 2018): the approximation gap, log p(x) minus
/// the best factorised q's ELBO (what the family costs), and the amortisation gap, that ELBO minus the encoder's (what
/// one network for all points costs).
/// </summary>
public sealed record AmortisationGaps(double LogEvidence, double PerPointElbo, double EncoderElbo)
{
    public double Approximation => LogEvidence - PerPointElbo;
    public double Amortisation => PerPointElbo - EncoderElbo;
}

/// <summary>Fits q_φ(z | x) by maximising the closed-form ELBO of a linear-Gaussian model with Adam (full batch, through the Trainer).</summary>
public static class AmortisedInference
{
    /// <summary>Mean log p(x), per-point optimal factorised ELBO and encoder ELBO over <paramref name="data"/>, all in closed form.</summary>
    public static AmortisationGaps Gaps(LinearGaussianLatentModel model, AmortisedGaussianEncoder encoder, double[][] data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encoder);
        if (data is null || data.Length == 0) throw new ArgumentException("Need at least one point to average the gaps over.", nameof(data));
        var encoded = Encode(encoder, data);
        return new AmortisationGaps(
            data.Average(model.LogEvidence),
            data.Average(x => model.Elbo(x, model.BestDiagonalQ(x))),
            data.Select((x, n) => model.Elbo(x, encoded[n])).Average());
    }

    public static AmortisedFit Fit(LinearGaussianLatentModel model, double[][] data, AmortisedFitSettings settings)
    {
        if (data.Length == 0 || data.Any(x => x.Length != model.DataDimension))
            throw new ArgumentException($"Data must be a non-empty set of vectors of length {model.DataDimension}.");
        if (settings.Steps < 1 || !(settings.LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(settings), "Steps and learning rate must be positive.");
        AmortisedLinearGaussianVae vae;
        using (TorchRandom.Seeded(settings.Seed)) vae = new AmortisedLinearGaussianVae(model, settings.HiddenUnits);
        using var x = ToTensor(data);
        // Full batch: one step per epoch, so the per-epoch training ELBO is the per-step trace.
        var run = new Trainer(vae, Objective.Elbo(), new TrainingConfig(settings.Seed, settings.Steps, data.Length, settings.LearningRate))
        {
            Progress = TrainingProgress.None,
            Title = "amortised encoder",
        }.Fit(x);
        return new AmortisedFit(vae.Encoder, run.History.Select(e => e.Train.Elbo).ToArray());
    }

    /// <summary>The encoder's q for each row of <paramref name="data"/>.</summary>
    public static DiagonalGaussian[] Encode(AmortisedGaussianEncoder encoder, double[][] data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (mean, logVariance) = encoder.call(ToTensor(data));
        var m = mean.data<double>().ToArray();
        var v = logVariance.exp().data<double>().ToArray();
        var l = encoder.LatentDimension;
        return Enumerable.Range(0, data.Length)
            .Select(n => new DiagonalGaussian(m[(n * l)..((n + 1) * l)], v[(n * l)..((n + 1) * l)])).ToArray();
    }

    /// <summary>Per-row closed-form ELBO for x [N, D], q means and log-variances [N, L], W [D, L], b [D].</summary>
    public static Tensor Elbo(Tensor x, Tensor mean, Tensor logVariance, Tensor w, Tensor b, double noiseVariance)
    {
        var (expectedLogLikelihood, kl) = ElboTerms(x, mean, logVariance, w, b, noiseVariance);
        return expectedLogLikelihood - kl;
    }

    /// <summary>Per row: E_q[log N(x; Wz + b, σ²I)] in closed form, and KL(q(z|x) ‖ N(0, I)).</summary>
    public static (Tensor ExpectedLogLikelihood, Tensor Kl) ElboTerms(Tensor x, Tensor mean, Tensor logVariance, Tensor w, Tensor b, double noiseVariance)
    {
        if (mean.shape[1] != w.shape[1] || x.shape[1] != w.shape[0])
            throw new ArgumentException($"Shapes do not fit: x [{string.Join(",", x.shape)}], mean [{string.Join(",", mean.shape)}], W [{string.Join(",", w.shape)}].");
        var d = x.shape[1];
        var reconstruction = mean.mm(w.t()) + b;
        var squaredError = (x - reconstruction).pow(2).sum(dim: 1);
        using var posterior = DiagonalNormal.FromLogVariance(mean, logVariance);
        var spread = (posterior.variance * w.pow(2).sum(dim: 0)).sum(dim: 1);
        var expectedLogLikelihood = -0.5 * d * Math.Log(2 * Math.PI * noiseVariance) - (squaredError + spread) / (2 * noiseVariance);
        return (expectedLogLikelihood, GaussianKl.Total(GaussianKl.ToStandardNormal(posterior)));
    }

    internal static Tensor ToTensor(double[][] rows)
    {
        var flat = rows.SelectMany(r => r).ToArray();
        return tensor(flat, [rows.Length, rows[0].Length], dtype: ScalarType.Float64);
    }

    internal static Tensor ToTensor(double[,] matrix)
    {
        var flat = new double[matrix.Length];
        Buffer.BlockCopy(matrix, 0, flat, 0, matrix.Length * sizeof(double));
        return tensor(flat, [matrix.GetLength(0), matrix.GetLength(1)], dtype: ScalarType.Float64);
    }
}
