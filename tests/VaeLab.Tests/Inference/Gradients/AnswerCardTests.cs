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

    /// <summary>Synthetic runs on three seeds (42, 43, 44): each mode's last epoch has two checkpoints at its ELBO ± spread;
    /// <paramref name="scoreOffsets"/> shifts the score-function ELBO per seed (to make the seeds disagree).</summary>
    internal static EncoderComparisonReading Training(double pathwiseElbo = -100, double scoreElbo = -120, double spread = 0.5, double detachedKl = 1e-6,
        double[]? scoreOffsets = null, double scoreKl = 22)
    {
        static EncoderTrainingCheckpoint At(EncoderGradientMode mode, double epoch, double elbo, double kl) =>
            new(mode, (int)(epoch * 10), epoch, elbo, elbo, elbo + kl, kl, 1, 1, epoch);
        EncoderTrainingRun<object> Run(EncoderGradientMode mode, double elbo, double kl) => new(mode, new object(),
        [
            At(mode, 0, -540, 0), At(mode, 1, elbo - 20, kl), At(mode, 3.5, elbo - 2, kl), At(mode, 4, elbo - 1, kl), At(mode, 4.5, elbo - spread, kl), At(mode, 5, elbo + spread, kl),
        ]);
        int[] seeds = [42, 43, 44];
        var offsets = scoreOffsets ?? [0, 0.3, -0.3];
        var runs = seeds.Select((_, i) => (IReadOnlyList<EncoderTrainingRun<object>>)new List<EncoderTrainingRun<object>>
            {
                Run(EncoderGradientMode.Pathwise, pathwiseElbo + 0.1 * i, 25), Run(EncoderGradientMode.ScoreFunction, scoreElbo + offsets[i], scoreKl),
                Run(EncoderGradientMode.Detached, -200, detachedKl),
            }).ToList();
        return EncoderComparisonReading.Of(seeds, runs, epochs: 5);
    }

    private static AnswerCardNumbers Numbers(double pathwiseElbo = -100, double scoreElbo = -120, double? worseFrom = 2, double spread = 0.5, double[]? scoreOffsets = null)
    {
        var reading = Training(pathwiseElbo, scoreElbo, spread, scoreOffsets: scoreOffsets);
        return new(Variance(), 500, worseFrom, 16, 40, 1.0, reading.Elbo(EncoderGradientMode.Pathwise), reading.Elbo(EncoderGradientMode.ScoreFunction),
            reading.PathwiseVsScore, reading.Elbo(EncoderGradientMode.Detached), reading.Kl(EncoderGradientMode.Detached), 0, 20);
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
        Assert.Contains("pathwise better on every seed", measured);
        Assert.Contains("last-epoch averages, mean over 3 seeds", measured);
        Assert.DoesNotContain("one run per mode", measured);
        Assert.Contains("collapsed to the prior", measured);
        Assert.Contains("每个随机种子上都是路径导数更好", measured);
        Assert.Contains("坍缩到了先验", measured);
        Assert.Contains("up from", measured);                       // the baseline's remainder grew with D
        Assert.Contains("none of the 20 units active on any seed", measured);  // not "at most 0 of 20"
        Assert.DoesNotContain("at most 0", measured);
        Assert.Contains("20 个潜变量单元在每个种子上都不活跃", measured);
        var someActive = AnswerCard.Render(Numbers() with { DetachedActiveUnits = 3 });
        Assert.Contains("at most 3 of 20 active units", someActive);
        Assert.Contains("活跃单元至多 3/20", someActive);

        var reversed = AnswerCard.Render(Numbers(pathwiseElbo: -130, worseFrom: null));
        Assert.Contains("pathwise worse on every seed", reversed);
        Assert.Contains("did not find the pathwise estimator noisier", reversed);

        var unsettled = AnswerCard.Render(Numbers(pathwiseElbo: -120, scoreElbo: -120, scoreOffsets: [5, -5, 0.2]));   // the seeds disagree
        Assert.Contains("a difference the seeds do not settle", unsettled);
        Assert.Contains("无法判定", unsettled);
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
