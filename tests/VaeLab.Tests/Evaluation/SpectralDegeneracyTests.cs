using VaeLab.Evaluation.Graph;
using Xunit;

namespace VaeLab.Tests.Evaluation;

public class SpectralDegeneracyTests
{
    [Fact]
    public void FewerComponentsThanDimensions_SaysNothingAboutTheEigenspace()
    {
        var text = SpectralDegeneracy.Describe([new GraphComponents(3, 90, 0), new GraphComponents(5, 80, 1)], 16);
        Assert.StartsWith("0 of 2 training graphs have at least 16 connected components (3–5)", text);
        Assert.DoesNotContain("eigenvalue 1", text);
        Assert.DoesNotContain("decides", text);
    }

    [Fact]
    public void ExactlyAsManyComponentsAsDimensions_TheBasisDoesNotDecide()
    {
        var text = SpectralDegeneracy.Describe([new GraphComponents(16, 80, 15), new GraphComponents(4, 90, 3)], 16);
        Assert.StartsWith("1 of 2 training graphs have at least 16", text);
        Assert.Contains("eigenvalue 1", text);
        Assert.Contains("whatever basis", text);
        Assert.DoesNotContain("decides", text);
    }

    [Fact]
    public void MoreComponentsThanDimensions_TheBasisDecides()
    {
        var text = SpectralDegeneracy.Describe([new GraphComponents(40, 60, 39), new GraphComponents(16, 80, 15), new GraphComponents(2, 99, 1)], 16);
        Assert.StartsWith("2 of 3 training graphs have at least 16 connected components (2–40, most of them isolated nodes)", text);
        Assert.Contains("1 of them has more than 16", text);
        Assert.Contains("decides the embedding", text);
    }

    [Fact]
    public void NoGraphs_IsAClearError() =>
        Assert.Throws<ArgumentException>(() => SpectralDegeneracy.Describe([], 16));
}
