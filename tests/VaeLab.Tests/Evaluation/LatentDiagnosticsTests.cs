using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class LatentDiagnosticsTests
{
    [Fact]
    public void ActiveUnitsOnConstructedMeans()
    {
        // N = 100 rows alternating +a / −a per dimension: unbiased variance a² · N / (N − 1).
        const int n = 100;
        double[] amplitudes = [1.0, 0.0, 0.05, 0.2, 0.11];
        var rows = new float[n * amplitudes.Length];
        for (var i = 0; i < n; i++)
        for (var d = 0; d < amplitudes.Length; d++)
            rows[i * amplitudes.Length + d] = (float)((i % 2 == 0 ? 1 : -1) * amplitudes[d] + 3); // an offset changes nothing
        using var means = tensor(rows, [n, amplitudes.Length]);

        var report = LatentDiagnostics.ActiveUnits(means);

        for (var d = 0; d < amplitudes.Length; d++)
            Assert.Equal(amplitudes[d] * amplitudes[d] * n / (n - 1), report.Variances[d], 5);
        // Variances 1.01, 0, 0.0025, 0.040, 0.0122: dimensions 0, 3 and 4 pass 0.01.
        Assert.Equal(3, report.Count);
        Assert.Equal([true, false, false, true, true], Enumerable.Range(0, 5).Select(report.IsActive));
        Assert.Equal(0.01, report.Threshold);
        Assert.Equal(2, LatentDiagnostics.ActiveUnits(means, threshold: 0.02).Count);
    }

    [Fact]
    public void ActiveUnitsRejectsBadShapes()
    {
        using var one = zeros(1, 4);
        using var flat = zeros(10);
        Assert.Throws<ArgumentException>(() => LatentDiagnostics.ActiveUnits(one));
        Assert.Throws<ArgumentException>(() => LatentDiagnostics.ActiveUnits(flat));
    }

    [Fact]
    public void MutualInformationIsZeroWhenEveryPosteriorIsTheSame()
    {
        // q(z | x) does not depend on x, so q(z) = q(z | x) and log q(z | x) − log q(z) = 0 for every draw.
        using var means = full(500, 3, 0.7, dtype: ScalarType.Float64);
        using var logVariances = full(500, 3, -0.4, dtype: ScalarType.Float64);
        using var generator = new Generator(11);
        var mi = LatentDiagnostics.MutualInformation(means, logVariances, generator);
        Assert.Equal(0, mi, 10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void MutualInformationIsLogKForKSeparatedGroupsOfTightPosteriors(int groups)
    {
        // K equal groups far apart with σ = 0.01: a draw from group g has q(z) ≈ q(z | x) / K, so I = log K.
        const int perGroup = 150;
        var n = groups * perGroup;
        var rows = new double[n * 2];
        for (var i = 0; i < n; i++)
        {
            var g = i / perGroup;
            rows[2 * i] = 10 * Math.Cos(2 * Math.PI * g / groups);
            rows[2 * i + 1] = 10 * Math.Sin(2 * Math.PI * g / groups);
        }
        using var means = tensor(rows, [n, 2], dtype: ScalarType.Float64);
        using var logVariances = full(n, 2, 2 * Math.Log(0.01), dtype: ScalarType.Float64);
        using var generator = new Generator(12);
        var mi = LatentDiagnostics.MutualInformation(means, logVariances, generator);
        Assert.Equal(Math.Log(groups), mi, 6);
    }

    [Fact]
    public void MutualInformationMatchesTheGaussianClosedForm()
    {
        // μ_n ~ N(0, τ²), q(z | x_n) = N(μ_n, s²) in each of D independent dimensions: q(z) → N(0, τ² + s²) and
        // I = D/2 · log((τ² + s²) / s²) = ½ log 2 per dimension for τ = s = 1 (0.693 for D = 2).
        const int n = 4000, d = 2;
        using var meanGenerator = new Generator(13);
        using var means = randn([n, d], dtype: ScalarType.Float64, generator: meanGenerator);
        using var logVariances = zeros(n, d, dtype: ScalarType.Float64);
        using var generator = new Generator(14);
        var mi = LatentDiagnostics.MutualInformation(means, logVariances, generator, batchSize: 500);
        // Per-draw values have a standard deviation of about 1, so the Monte Carlo error is about 1/√4000 ≈ 0.016;
        // the N-component mixture adds a bias of order D / N. Three standard errors:
        Assert.InRange(mi, Math.Log(2) - 0.05, Math.Log(2) + 0.05);
    }

    [Fact]
    public void MutualInformationIsSeededAndDoesNotDependOnTheBatchSize()
    {
        using var meanGenerator = new Generator(15);
        using var means = randn([300, 4], generator: meanGenerator);          // float32 input is accepted too
        using var logVariances = full(300, 4, -1.0f);
        double Estimate(ulong seed, int batch)
        {
            using var generator = new Generator(seed);
            return LatentDiagnostics.MutualInformation(means, logVariances, generator, batch);
        }
        var reference = Estimate(1, 256);
        Assert.Equal(reference, Estimate(1, 7), 10);
        Assert.Equal(reference, Estimate(1, 1000), 10);
        Assert.NotEqual(reference, Estimate(2, 256));
    }

    [Fact]
    public void MutualInformationRejectsMismatchedShapes()
    {
        using var means = zeros(10, 3);
        using var logVariances = zeros(10, 2);
        using var generator = new Generator(1);
        var error = Assert.Throws<ArgumentException>(() => LatentDiagnostics.MutualInformation(means, logVariances, generator));
        Assert.Contains("[10, 3] and [10, 2]", error.Message);
    }
}
