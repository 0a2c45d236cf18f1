using System.Globalization;
using VaeLab.Numerics;
using static VaeLab.Common.NumberFormat;

namespace VaeLab.Inference.Gradients;

/// <summary>The measurements notebook 03 fills into the answer card.</summary>
/// <param name="Variance">Section 3's reading of its variance sweeps (ratios at a small and at the largest D, the baseline).</param>
/// <param name="VaeVarianceRatio">Score-function (with a leave-one-out batch-mean baseline) / pathwise variance of the encoder's gradient inside the trained VAE.</param>
/// <param name="PathwiseWorseFromFrequency">The lowest swept ω at which the pathwise estimator was the noisier one on
/// f(z) = cos(ωz), or null if it never was.</param>
/// <param name="HighestFrequency">The highest swept ω and <paramref name="PathwiseOverScoreAtHighestFrequency"/>, the
/// pathwise / score-function variance ratio there.</param>
/// <param name="FrequencyStd">The σ of q in the frequency sweep.</param>
/// <param name="PathwiseElbo">Section 4's pathwise runs: test ELBO averaged over the last epoch's checkpoints, one value per seed.</param>
/// <param name="ScoreFunctionElbo">The score-function runs, likewise (the same seeds).</param>
/// <param name="PathwiseVsScore">The paired verdict on pathwise − score function (Higher: pathwise better on every seed
/// beyond the within-run noise).</param>
/// <param name="DetachedElbo">The detached runs' last-epoch test ELBO, per seed.</param>
/// <param name="DetachedKl">The detached runs' last-epoch KL, per seed.</param>
/// <param name="DetachedActiveUnits">The most active units any detached run's encoder had, of <paramref name="LatentSize"/>.</param>
public sealed record AnswerCardNumbers(
    VarianceReading Variance, double VaeVarianceRatio,
    double? PathwiseWorseFromFrequency, double HighestFrequency, double PathwiseOverScoreAtHighestFrequency, double FrequencyStd,
    SeedSpread PathwiseElbo, SeedSpread ScoreFunctionElbo, SeedVerdict PathwiseVsScore, SeedSpread DetachedElbo, SeedSpread DetachedKl,
    int DetachedActiveUnits, int LatentSize);

/// <summary>
/// The one source of the series' short answer to "why does the reparameterization trick make the model trainable?".
/// <see cref="Render"/> with a run's numbers is what notebook 03 prints (every comparison worded from those numbers);
/// without numbers it is the README's card, which points to the sections instead of quoting a run (a test keeps the
/// README's block equal to it). The Chinese text uses the terms of docs/glossary.md.
/// </summary>
public static class AnswerCard
{
    public const string Start = "<!-- answer:start (generated from lib/VaeLab/Inference/Gradients/AnswerCard.cs) -->";
    public const string End = "<!-- answer:end -->";

    /// <summary>The card in English and Chinese, as Markdown. Null <paramref name="n"/>: the README's run-independent card.</summary>
    public static string Render(AnswerCardNumbers? n = null) => English(n) + "\n\n" + Chinese(n);

    /// <summary>The README's block: the card between its markers, with a note on where the numbers come from.</summary>
    public static string ReadmeBlock() =>
        Start + "\n" +
        "**The short answer** (the experiments behind each claim are in [notebook 03](notebooks/03-reparameterization.ipynb); " +
        "it prints this card with the numbers of its own run filled in):\n\n" + Render() + "\n" + End;

    private static string Percent(double share) =>
        share > 0.999 ? ">99.9" : (100 * share).ToString("F1", CultureInfo.InvariantCulture);

    private static string English(AnswerCardNumbers? n)
    {
        string variance;
        if (n is null)
            variance = "On a smooth test function its variance was far larger than the pathwise one and grew with the dimension; a " +
                       "leave-one-out baseline removed most of it, but what remained still grew with the dimension (section 3). Inside a " +
                       "trained VAE the encoder's score-function gradient, with a leave-one-out batch-mean baseline, was again far noisier than the pathwise " +
                       "one (section 4). ";
        else
        {
            var v = n.Variance;
            var grew = v.Largest.BaselineOverPathwise > v.Ratios[0].BaselineOverPathwise;
            variance = $"On a smooth test function its variance was {Times(v.Small.ScoreOverPathwise)}× the pathwise one at $D = {v.Small.Dimension}$ " +
                       $"and {Times(v.Largest.ScoreOverPathwise)}× at $D = {v.Largest.Dimension}$; a leave-one-out baseline removed {Percent(v.BaselineRemovedAtLargest)} % " +
                       $"of it at $D = {v.Largest.Dimension}$, but what remained was still {Times(v.Largest.BaselineOverPathwise)}× the pathwise variance" +
                       (grew ? $", up from {Times(v.Ratios[0].BaselineOverPathwise)}× at $D = {v.Ratios[0].Dimension}$ (section 3). " : " (section 3). ") +
                       $"Inside the trained VAE the encoder's score-function gradient, with a leave-one-out batch-mean baseline, had {Times(n.VaeVarianceRatio)}× " +
                       "the variance of the pathwise one (the session seed's model, section 4). ";
        }
        var loses = n is null
            ? "The pathwise estimator is not always the less noisy one: what decides is not smoothness but how fast $f$ varies on the " +
              "scale of $\\sigma$. On $f(z) = \\cos(\\omega z)$, smooth for every $\\omega$, its variance grows with $\\omega\\sigma$ while the " +
              "score function's stays bounded (Mohamed et al. 2020, §3; measured in section 3). "
            : n.PathwiseWorseFromFrequency is { } from
                ? "The pathwise estimator is not always the less noisy one: what decides is not smoothness but how fast $f$ varies on the " +
                  $"scale of $\\sigma$. On $f(z) = \\cos(\\omega z)$ with $\\sigma = {F(n.FrequencyStd)}$ it had a larger variance than the score function without baseline from $\\omega = {F(from)}$ on, " +
                  $"and {Times(n.PathwiseOverScoreAtHighestFrequency)}× that estimator's at $\\omega = {F(n.HighestFrequency)}$ (Mohamed et al. 2020, §3). "
                : $"On $f(z) = \\cos(\\omega z)$ with $\\sigma = {F(n.FrequencyStd)}$ this run did not find the pathwise estimator noisier than the score function without baseline up to " +
                  $"$\\omega = {F(n.HighestFrequency)}$, although its variance grows with $\\omega\\sigma$ (Mohamed et al. 2020, §3). ";
        string training;
        if (n is null)
            training = "Trained the same way on the same data, compare the test ELBO the VAE reaches with pathwise and with score-function " +
                       "gradients (section 4); with the sample detached the encoder hears only the KL term, whose optimum is the prior " +
                       "(section 4 measures how close it gets). ";
        else
        {
            var (p, s) = (n.PathwiseElbo, n.ScoreFunctionElbo);
            var comparison = n.PathwiseVsScore switch
            {
                SeedVerdict.Higher => "pathwise better on every seed",
                SeedVerdict.Lower => "pathwise worse on every seed",
                SeedVerdict.Same => "no difference beyond the within-run noise on any seed",
                _ => "a difference the seeds do not settle",
            };
            var collapsed = n.DetachedKl.Max < 0.1;
            training = $"Trained the same way on the same data, the VAE reached a test ELBO of {F(p.Mean, 4)} nats with pathwise gradients and " +
                       $"{F(s.Mean, 4)} with score-function gradients (last-epoch averages, mean over {p.Count} seeds; {comparison}, at this budget); with the sample detached the " +
                       $"encoder heard only the KL term and {(collapsed ? "collapsed to the prior on every seed" : "moved towards the prior")} " +
                       $"(KL at most {F(n.DetachedKl.Max, 2)} nats, {ActiveUnitsEnglish(n.DetachedActiveUnits, n.LatentSize)}, test ELBO {F(n.DetachedElbo.Mean, 4)}). ";
        }
        return
            "A VAE's loss contains an expectation over the encoder's own distribution, $\\mathbb{E}_{q(z|x)}[\\log p(x|z)]$. If $z$ is drawn " +
            "by a sampling call (`sample()`), it has no history in the autograd graph (no `grad_fn`), so no gradient of that expectation reaches the encoder's " +
            "$\\mu$ and $\\sigma$; only the closed-form KL term's does (notebook 03, sections 1 and 4). Writing the sample as $z = \\mu + \\sigma\\cdot\\varepsilon$ (`rsample()`), with the " +
            "noise $\\varepsilon \\sim \\mathcal{N}(0, I)$ drawn independently of the parameters, makes $z$ a differentiable function of $\\mu$ " +
            "and $\\sigma$: ordinary backpropagation then returns an unbiased gradient estimate from a single sample per image. It is not " +
            "the only unbiased estimator: the score-function (REINFORCE) estimator needs no derivative of $\\log p(x|z)$ with respect to $z$ and is also unbiased " +
            "(section 2). " + variance + loses + training +
            "So reparameterization does not make training possible in principle (REINFORCE is unbiased); it makes it practical: gradients " +
            "that flow through the same autograd code as the rest of the network and, for the VAE measured in section 4, " +
            "are far less noisy than the score function's. Discrete latents have no such path; straight-through and Gumbel-softmax " +
            "estimators accept a bias, and at moderate temperatures they have less variance than the score function (section 5), the bridge to VQ-VAE.";
    }

    // "at most 0 of 20" reads as a hedge; with no active unit on any seed the card says so plainly.
    private static string ActiveUnitsEnglish(int most, int latentSize) =>
        most == 0 ? $"none of the {latentSize} units active on any seed" : $"at most {most} of {latentSize} active units";

    private static string ActiveUnitsChinese(int most, int latentSize) =>
        most == 0 ? $"{latentSize} 个潜变量单元在每个种子上都不活跃" : $"活跃单元至多 {most}/{latentSize}";

    private static string Chinese(AnswerCardNumbers? n)
    {
        string variance;
        if (n is null)
            variance = "在光滑的测试函数上，得分函数估计器的方差远大于路径导数估计器的方差，并随维数增长；留一基线消除了其中大部分，" +
                       "但剩余部分仍随维数增长（第 3 节）。在训练好的 VAE 中，带批内留一均值基线的编码器得分函数梯度同样比路径导数梯度噪声大得多（第 4 节）。";
        else
        {
            var v = n.Variance;
            var grew = v.Largest.BaselineOverPathwise > v.Ratios[0].BaselineOverPathwise;
            variance = $"在一个光滑的测试函数上，得分函数估计器的方差在 $D = {v.Small.Dimension}$ 时是路径导数估计器方差的 {Times(v.Small.ScoreOverPathwise)} 倍，" +
                       $"在 $D = {v.Largest.Dimension}$ 时是 {Times(v.Largest.ScoreOverPathwise)} 倍；在 $D = {v.Largest.Dimension}$ 时留一基线消除了其中 " +
                       $"{Percent(v.BaselineRemovedAtLargest)}% 的方差，但剩余部分仍是路径导数估计器方差的 {Times(v.Largest.BaselineOverPathwise)} 倍" +
                       (grew ? $"（$D = {v.Ratios[0].Dimension}$ 时为 {Times(v.Ratios[0].BaselineOverPathwise)} 倍）（第 3 节）。" : "（第 3 节）。") +
                       $"在训练好的 VAE 中，带批内留一均值基线的编码器得分函数梯度的方差是路径导数梯度方差的 {Times(n.VaeVarianceRatio)} 倍（会话种子；第 4 节）。";
        }
        var loses = n is null
            ? "路径导数估计器并不总是噪声更小的那个：起决定作用的不是函数是否光滑，而是 $f$ 在 $\\sigma$ 的尺度上变化有多快。" +
              "$f(z) = \\cos(\\omega z)$ 对任何 $\\omega$ 都是光滑的，但路径导数估计器的方差随 $\\omega\\sigma$ 增大而增长，得分函数估计器的方差却有界" +
              "（Mohamed 等 2020，§3；第 3 节有测量）。"
            : n.PathwiseWorseFromFrequency is { } from
                ? "路径导数估计器并不总是噪声更小的那个：起决定作用的不是函数是否光滑，而是 $f$ 在 $\\sigma$ 的尺度上变化有多快。" +
                  $"在 $f(z) = \\cos(\\omega z)$、$\\sigma = {F(n.FrequencyStd)}$ 上，从 $\\omega = {F(from)}$ 起它的方差比不带基线的得分函数估计器更大，在 $\\omega = {F(n.HighestFrequency)}$ 时" +
                  $"是后者的 {Times(n.PathwiseOverScoreAtHighestFrequency)} 倍（Mohamed 等 2020，§3）。"
                : $"在 $f(z) = \\cos(\\omega z)$、$\\sigma = {F(n.FrequencyStd)}$ 上，直到 $\\omega = {F(n.HighestFrequency)}$，本次运行都没有发现路径导数估计器的噪声比不带基线的得分函数估计器更大，" +
                  "尽管它的方差随 $\\omega\\sigma$ 增大而增长（Mohamed 等 2020，§3）。";
        string training;
        if (n is null)
            training = "在相同数据、相同设置下训练，请比较 VAE 用路径导数梯度和用得分函数梯度达到的测试 ELBO（第 4 节）；把样本从计算图中断开（detach）时，" +
                       "编码器只收到 KL 项的梯度，而 KL 项的最优解就是先验（第 4 节测量了它离先验有多近）。";
        else
        {
            var (p, s) = (n.PathwiseElbo, n.ScoreFunctionElbo);
            var comparison = n.PathwiseVsScore switch
            {
                SeedVerdict.Higher => "每个随机种子上都是路径导数更好",
                SeedVerdict.Lower => "每个随机种子上都是路径导数更差",
                SeedVerdict.Same => "每个随机种子上两者的差别都不超过同一次运行内的波动",
                _ => "各随机种子的结果无法判定两者的差别",
            };
            var collapsed = n.DetachedKl.Max < 0.1;
            training = $"在相同数据、相同设置下训练，VAE 用路径导数梯度达到的测试 ELBO 为 {F(p.Mean, 4)} 奈特，用得分函数梯度为 {F(s.Mean, 4)} 奈特" +
                       $"（最后一轮训练中各检查点的平均，取 {p.Count} 个随机种子的均值；在此训练预算下{comparison}）；把样本从计算图中断开时，编码器只收到 KL 项的梯度，" +
                       $"{(collapsed ? "在每个随机种子上都坍缩到了先验" : "向先验靠拢")}（KL 至多 {F(n.DetachedKl.Max, 2)} 奈特，{ActiveUnitsChinese(n.DetachedActiveUnits, n.LatentSize)}，测试 ELBO {F(n.DetachedElbo.Mean, 4)}）。";
        }
        return
            "**简答：** VAE 的损失中含有对编码器自身分布的期望 $\\mathbb{E}_{q(z|x)}[\\log p(x|z)]$。如果 $z$ 由采样调用（`sample()`）直接得到，" +
            "它在自动微分图中没有计算历史（没有 `grad_fn`），这一期望项的梯度就无法传到编码器的 $\\mu$ 和 $\\sigma$，只有解析的 KL 项的梯度能传到（笔记本 03 第 1、4 节）。把样本写成 " +
            "$z = \\mu + \\sigma\\cdot\\varepsilon$（`rsample()`），其中噪声 $\\varepsilon \\sim \\mathcal{N}(0, I)$ 的抽取与参数无关，$z$ 就成为 $\\mu$ 和 $\\sigma$ " +
            "的可微函数：普通的反向传播就能用每张图像一个样本给出梯度的无偏估计。它并不是唯一的无偏估计器：得分函数（REINFORCE）估计器" +
            "不需要 $\\log p(x|z)$ 对 $z$ 的导数，同样是无偏的（第 2 节）。" + variance + loses + training +
            "所以，重参数技巧并不是让训练在原理上成为可能（REINFORCE 也是无偏的），而是让它在实践中可行：梯度与网络其余部分" +
            "共用同一套自动微分，而且在第 4 节测量的 VAE 中，噪声远小于得分函数估计器。离散隐变量没有这样的路径；直通" +
            "（straight-through）与 Gumbel-softmax 估计器引入偏差，在适中的温度下方差低于得分函数估计器（第 5 节），这正是通往 VQ-VAE 的桥梁。";
    }
}
