using VaeLab.Distributions;

namespace VaeLab.Tests.Distributions;

/// <summary>The seed's recipe, as notebook 04 §3 prints it (platform notes: 2.77 / −4.97 / −20.0 / −100 summed for targets −1, −1, 1, 0).</summary>
public class SeedLossTableTests
{
    [Fact]
    public void The_table_reproduces_the_measured_pytorch_values()
    {
        var rows = SeedLossTable.Measure([0, -5, -20, -200], [-1, -1, 1, 0]);
        Assert.Equal(4 * Math.Log(2), rows[0].SummedLoss, 6);
        Assert.Equal(-4.97, rows[1].SummedLoss, 2);
        Assert.Equal(-20.0, rows[2].SummedLoss, 1);
        Assert.Equal(-100, rows[3].SummedLoss, 6);
        Assert.Equal(1.5, rows[0].GradientOfFirstPixel, 6);               // ∂/∂ℓ of log σ(ℓ) − 2 log(1 − σ(ℓ)) at 0
        Assert.True(rows[3].GradientOfFirstPixel < 1e-6);                  // the clamp stops the push
        var verdict = SeedLossTable.Verdict(rows);
        Assert.Contains("negative from logit -5 on", verdict);
        Assert.Contains("at logit -200", verdict);
    }

    [Fact]
    public void Targets_in_range_stay_non_negative()
    {
        var rows = SeedLossTable.Measure([0, -5, 5], [0, 1, 0.5]);
        Assert.All(rows, r => Assert.True(r.SummedLoss >= 0));
        Assert.Equal("The loss stayed non-negative at these logits.", SeedLossTable.Verdict(rows));
        Assert.Throws<ArgumentException>(() => SeedLossTable.Measure([0], []));
    }
}
