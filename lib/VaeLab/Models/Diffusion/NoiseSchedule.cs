using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Models.Diffusion;

/// <summary>
/// The fixed forward (noising) process of a denoising diffusion probabilistic model (Ho et al. 2020, §2): for
/// t = 1 … T, q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I) (their eq. 2), which has the closed form
/// q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) with α_t = 1 − β_t and ᾱ_t = ∏_{s ≤ t} α_s (eq. 4), and the posterior
/// q(x_{t−1} | x_t, x_0) = N(μ̃_t, β̃_t I) with β̃_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t) · β_t (eqs. 6–7). Time runs from 1 to
/// <see cref="Steps"/> as in the paper; ᾱ_0 = 1. The numbers are kept in double precision.
/// </summary>
public sealed class NoiseSchedule
{
    private readonly double[] betas;      // index t = 1 … T (index 0 unused, β_0 = 0)
    private readonly double[] alphaBars;  // index t = 0 … T, ᾱ_0 = 1

    public NoiseSchedule(IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Count < 1) throw new ArgumentException("A noise schedule needs at least one step.");
        if (betas.Any(b => !(b > 0 && b < 1)))
            throw new ArgumentException($"Every β_t must lie in (0, 1); got [{string.Join(", ", betas.Where(b => !(b > 0 && b < 1)).Take(3))}].");
        this.betas = [0.0, .. betas];
        alphaBars = new double[betas.Count + 1];
        alphaBars[0] = 1.0;
        for (var t = 1; t <= betas.Count; t++) alphaBars[t] = alphaBars[t - 1] * (1 - this.betas[t]);
    }

    /// <summary>β_t rising linearly from <paramref name="first"/> to <paramref name="last"/> over <paramref name="steps"/>
    /// steps; Ho et al. (2020, §4) use T = 1000, β_1 = 10⁻⁴, β_T = 0.02.</summary>
    public static NoiseSchedule Linear(int steps = 1000, double first = 1e-4, double last = 0.02)
    {
        if (steps < 1) throw new ArgumentException($"The number of steps must be at least 1; got {steps}.");
        return new NoiseSchedule(Enumerable.Range(0, steps).Select(i => steps == 1 ? first : first + (last - first) * i / (steps - 1)).ToArray());
    }

    /// <summary>T, the number of noising steps.</summary>
    public int Steps => betas.Length - 1;

    public double Beta(int t) => betas[Check(t, allowZero: false)];

    public double Alpha(int t) => 1 - Beta(t);

    /// <summary>ᾱ_t = ∏_{s ≤ t} (1 − β_s); ᾱ_0 = 1.</summary>
    public double AlphaBar(int t) => alphaBars[Check(t, allowZero: true)];

    /// <summary>β̃_t, the variance of q(x_{t−1} | x_t, x_0) (eq. 7); 0 at t = 1.</summary>
    public double PosteriorVariance(int t) => (1 - AlphaBar(t - 1)) / (1 - AlphaBar(t)) * Beta(t);

    /// <summary>
    /// A draw from q(x_t | x_0) in closed form: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, row by row, for times <paramref name="t"/>
    /// [N] (integers 1 … T) and noise ε shaped like <paramref name="x0"/> [N, …].
    /// </summary>
    public Tensor Noise(Tensor x0, Tensor t, Tensor noise)
    {
        CheckRows(x0, t, noise);
        using var scope = NewDisposeScope();
        var alphaBar = Gather(alphaBars, t, x0);
        return (alphaBar.sqrt() * x0 + (1 - alphaBar).sqrt() * noise).MoveToOuterDisposeScope();
    }

    /// <summary>One forward step, a draw from q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I) with noise ε.</summary>
    public Tensor Step(Tensor previous, int t, Tensor noise)
    {
        if (!previous.shape.SequenceEqual(noise.shape))
            throw new ArgumentException($"Noise must be shaped like the input [{string.Join(", ", previous.shape)}]; got [{string.Join(", ", noise.shape)}].");
        var beta = Beta(t);
        return Math.Sqrt(1 - beta) * previous + Math.Sqrt(beta) * noise;
    }

    /// <summary>
    /// The mean of the reverse step p_θ(x_{t−1} | x_t) when the network predicts the noise (eq. 11):
    /// μ_θ = (x_t − β_t / √(1 − ᾱ_t) · ε_θ(x_t, t)) / √α_t.
    /// </summary>
    public Tensor ReverseMean(Tensor xt, int t, Tensor predictedNoise)
    {
        if (!xt.shape.SequenceEqual(predictedNoise.shape))
            throw new ArgumentException($"The predicted noise must be shaped like x_t [{string.Join(", ", xt.shape)}]; got [{string.Join(", ", predictedNoise.shape)}].");
        return (xt - Beta(t) / Math.Sqrt(1 - AlphaBar(t)) * predictedNoise) / Math.Sqrt(Alpha(t));
    }

    /// <summary>The x_0 that x_t and a noise estimate imply: (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t (eq. 4 solved for x_0).</summary>
    public Tensor PredictedStart(Tensor xt, int t, Tensor predictedNoise) =>
        (xt - Math.Sqrt(1 - AlphaBar(t)) * predictedNoise) / Math.Sqrt(AlphaBar(t));

    private int Check(int t, bool allowZero)
    {
        if (t < (allowZero ? 0 : 1) || t > Steps)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Time steps run from {(allowZero ? 0 : 1)} to T = {Steps}.");
        return t;
    }

    private void CheckRows(Tensor x0, Tensor t, Tensor noise)
    {
        if (!x0.shape.SequenceEqual(noise.shape))
            throw new ArgumentException($"Noise must be shaped like x_0 [{string.Join(", ", x0.shape)}]; got [{string.Join(", ", noise.shape)}].");
        if (t.dim() != 1 || x0.dim() < 1 || t.shape[0] != x0.shape[0])
            throw new ArgumentException($"Give one time step per row of x_0: {(x0.dim() < 1 ? 0 : x0.shape[0])} rows, times shaped [{string.Join(", ", t.shape)}].");
        if (t.numel() > 0 && (t.min().item<long>() < 1 || t.max().item<long>() > Steps))
            throw new ArgumentOutOfRangeException(nameof(t), $"Time steps run from 1 to T = {Steps}; got {t.min().item<long>()} … {t.max().item<long>()}.");
    }

    /// <summary>ᾱ at each row's time, shaped [N, 1, …] to broadcast over the rows of <paramref name="like"/>.</summary>
    private static Tensor Gather(double[] values, Tensor t, Tensor like)
    {
        var table = tensor(values, dtype: ScalarType.Float64).to(like.device);
        var picked = table.index_select(0, t.to_type(ScalarType.Int64)).to_type(like.dtype);
        return picked.reshape([picked.shape[0], .. Enumerable.Repeat(1L, (int)like.dim() - 1)]);
    }
}
