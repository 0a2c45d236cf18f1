using VaeLab.Experiments;
using VaeLab.Inference.Gradients;

namespace VaeLab.Tests.Inference.Gradients;

/// <summary>The answer card has one source: the README's block is generated from it and notebook 03 prints it.</summary>
public class AnswerCardTests
{
    internal static VarianceReading Variance()
    {
        // Synthetic sweeps shaped like section 3's: variance ∝ 1/S for all three; in D the score function grows like D²,
        // the baseline's remainder like D, the pathwise stays flat.
        var bySamples = new List<VariancePoint>();
        foreach (var s in new[] { 2, 4, 8, 16 })
        {
            bySamples.Add(new(VarianceReading.Score, 10, s, 40.0 / s, 1));
            bySamples.Add(new(VarianceReading.Baseline, 10, s, 20.0 / s, 1));
            bySamples.Add(new(VarianceReading.Pathwise, 10, s, 4.0 / s, 1));
        }
        var byDimension = new List<VariancePoint>();
        foreach (var d in new[] { 1, 4, 16, 64, 512 })
        {
            byDimension.Add(new(VarianceReading.Score, d, 10, 0.4 * d * d + 2, 1));
            byDimension.Add(new(VarianceReading.Baseline, d, 10, 1.2 * d, 1));
            byDimension.Add(new(VarianceReading.Pathwise, d, 10, 0.4, 1));
        }
        return VarianceReading.Of(bySamples, byDimension);
    }

    internal static EncoderComparisonReading Training(double pathwiseElbo = -100, double scoreElbo = -120, double spread = 0.5, double detachedKl = 1e-6)
    {
        static EncoderTrainingCheckpoint At(EncoderGradientMode mode, double epoch, double elbo, double kl) =>
            new(mode, (int)(epoch * 10), epoch, elbo, elbo, elbo + kl, kl, 1, 1, epoch);
        EncoderTrainingRun<object> Run(EncoderGradientMode mode, double elbo, double kl) => new(mode, new object(),
        [
            At(mode, 0, -540, 0), At(mode, 1, elbo - 20, kl), At(mode, 4.5, elbo - spread, kl), At(mode, 5, elbo + spread, kl),
        ]);
        return EncoderComparisonReading.Of(
            [Run(EncoderGradientMode.Pathwise, pathwiseElbo, 25), Run(EncoderGradientMode.ScoreFunction, scoreElbo, 22), Run(EncoderGradientMode.Detached, -200, detachedKl)],
            epochs: 5);
    }

    private static AnswerCardNumbers Numbers(double pathwiseElbo = -100, double scoreElbo = -120, double? worseFrom = 2, double spread = 0.5)
    {
        var averages = Training(pathwiseElbo, scoreElbo, spread).Averages;
        var (p, s, d) = (averages[EncoderGradientMode.Pathwise], averages[EncoderGradientMode.ScoreFunction], averages[EncoderGradientMode.Detached]);
        return new(Variance(), 500, worseFrom, 16, 40, 1.0, (p.Elbo, p.ElboSpread), (s.Elbo, s.ElboSpread), (d.Elbo, d.Kl), 0, 20);
    }

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
        Assert.Contains("on the scale of $\\sigma$", generic);
        Assert.DoesNotContain("rapidly oscillating", generic);
        Assert.DoesNotContain("low-variance", generic);

        var measured = AnswerCard.Render(Numbers());
        Assert.Contains("from $\\omega = 2$ on", measured);
        Assert.Contains("pathwise better", measured);
        Assert.Contains("averages over the last epoch", measured);
        Assert.Contains("collapsed to the prior", measured);
        Assert.Contains("路径导数更好", measured);
        Assert.Contains("坍缩到了先验", measured);
        Assert.Contains("up from", measured);                       // the baseline's remainder grew with D

        var reversed = AnswerCard.Render(Numbers(pathwiseElbo: -130, worseFrom: null));
        Assert.Contains("pathwise not better", reversed);
        Assert.Contains("did not find the pathwise estimator noisier", reversed);

        var unsettled = AnswerCard.Render(Numbers(pathwiseElbo: -120.5, scoreElbo: -121, spread: 2));
        Assert.Contains("a difference this run does not settle", unsettled);
        Assert.Contains("本次运行无法判定", unsettled);
    }

    [Fact]
    public void The_chinese_card_uses_the_glossary_terms()
    {
        foreach (var card in new[] { AnswerCard.Render(), AnswerCard.Render(Numbers()) })
        {
            var chinese = card[card.IndexOf("**简答：**", StringComparison.Ordinal)..];
            Assert.Contains("没有计算历史（没有 `grad_fn`）", chinese);
            Assert.Contains("引入偏差，在适中的温度下方差低于得分函数估计器", chinese);
            Assert.Contains("共用同一套自动微分", chinese);
            // "cheap to compute" and "a bias to lower the variance" unqualified were false or unsupported (outsider audit of 03).
            foreach (var avoided in new[] { "没有来历", "塌缩", "以偏差换方差", "梯度廉价", "走同一套", "估计量", "梯度计算代价低", "以引入偏差为代价降低方差" })
                Assert.DoesNotContain(avoided, chinese);
        }
        var glossary = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "glossary.md"));
        foreach (var term in new[] { "重参数技巧", "路径导数估计器", "得分函数估计器", "直通估计器", "后验坍缩", "自动微分", "计算图", "先验" })
            Assert.Contains(term, glossary);
    }
}
