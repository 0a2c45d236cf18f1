using VaeLab.Inference.Gradients;

namespace VaeLab.Tests.Inference.Gradients;

/// <summary>The answer card has one source: the README's block is generated from it and notebook 03 prints it.</summary>
public class AnswerCardTests
{
    private static AnswerCardNumbers Numbers(double pathwiseElbo = -100, double scoreElbo = -120, double? worseFrom = 2) =>
        new(16, 30, 512, 900, 5000, worseFrom, 16, 40, pathwiseElbo, scoreElbo, -200, 0.01, 0, 20);

    [Fact]
    public void Readme_block_is_the_card_rendered_without_numbers()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf(AnswerCard.Start, StringComparison.Ordinal);
        var end = readme.IndexOf(AnswerCard.End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md lacks the answer card markers.");
        var block = readme[start..(end + AnswerCard.End.Length)];
        Assert.True(block == AnswerCard.ReadmeBlock(),
            "README.md's answer card differs from AnswerCard.ReadmeBlock(); replace the block with:\n" + AnswerCard.ReadmeBlock());
    }

    [Fact]
    public void The_card_is_qualified_and_worded_from_the_numbers()
    {
        var generic = AnswerCard.Render();
        Assert.Contains("not always the less noisy", generic);
        Assert.Contains("Mohamed et al. 2020", generic);
        Assert.DoesNotContain("low-variance", generic);

        var measured = AnswerCard.Render(Numbers());
        Assert.Contains("from $\\omega = 2$ on", measured);
        Assert.Contains("pathwise better", measured);
        Assert.Contains("collapsed to the prior", measured);
        Assert.Contains("路径导数更好", measured);

        var reversed = AnswerCard.Render(Numbers(pathwiseElbo: -130, worseFrom: null));
        Assert.Contains("pathwise not better", reversed);
        Assert.Contains("did not find the pathwise estimator noisier", reversed);
    }
}
