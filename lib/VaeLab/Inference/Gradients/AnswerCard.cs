using static VaeLab.Common.NumberFormat;

namespace VaeLab.Inference.Gradients;

/// <summary>The measurements notebook 03 fills into the answer card.</summary>
/// <param name="SmallDimension">A small dimension D of the variance sweep and <paramref name="SmallDimensionRatio"/>, the
/// score-function / pathwise variance ratio there (quadratic test function).</param>
/// <param name="LargestDimension">The largest swept D and its ratio <paramref name="LargestDimensionRatio"/>.</param>
/// <param name="VaeVarianceRatio">Score-function / pathwise variance of the encoder's gradient inside the trained VAE.</param>
/// <param name="PathwiseWorseFromFrequency">The lowest swept ω at which the pathwise estimator was the noisier one on
/// f(z) = cos(ωz), or null if it never was.</param>
/// <param name="HighestFrequency">The highest swept ω and <paramref name="PathwiseOverScoreAtHighestFrequency"/>, the
/// pathwise / score-function variance ratio there.</param>
public sealed record AnswerCardNumbers(
    int SmallDimension, double SmallDimensionRatio, int LargestDimension, double LargestDimensionRatio, double VaeVarianceRatio,
    double? PathwiseWorseFromFrequency, double HighestFrequency, double PathwiseOverScoreAtHighestFrequency,
    double PathwiseElbo, double ScoreFunctionElbo, double DetachedElbo, double DetachedKl, int DetachedActiveUnits, int LatentSize);

/// <summary>
/// The one source of the series' short answer to "why does the reparameterization trick make the model trainable?".
/// <see cref="Render"/> with a run's numbers is what notebook 03 prints (every comparison worded from those numbers);
/// without numbers it is the README's card, which points to the sections instead of quoting a run (a test keeps the
/// README's block equal to it).
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

    private static string English(AnswerCardNumbers? n)
    {
        var variance = n is null
            ? "On smooth functions such as a VAE's log-likelihood its variance is far larger than the pathwise one and grows " +
              "with the dimension of $z$, and a baseline removes only part of it (section 3, and inside a trained VAE, section 4). "
            : $"On a smooth test function its variance was {Times(n.SmallDimensionRatio)}× the pathwise one at $D = {n.SmallDimension}$ and " +
              $"{Times(n.LargestDimensionRatio)}× at $D = {n.LargestDimension}$ (section 3); inside the trained VAE the encoder's " +
              $"score-function gradient had {Times(n.VaeVarianceRatio)}× the variance of the pathwise one (section 4). ";
        var loses = n is null
            ? "The pathwise estimator is not always the less noisy one: on a rapidly oscillating function its variance grows " +
              "with the frequency while the score function's stays bounded (Mohamed et al. 2020, §3; measured in section 3). "
            : n.PathwiseWorseFromFrequency is { } from
                ? $"The pathwise estimator is not always the less noisy one: on $f(z) = \\cos(\\omega z)$ it had the larger variance from " +
                  $"$\\omega = {F(from)}$ on, {Times(n.PathwiseOverScoreAtHighestFrequency)}× the score function's at $\\omega = {F(n.HighestFrequency)}$ " +
                  "(Mohamed et al. 2020, §3). "
                : $"On $f(z) = \\cos(\\omega z)$ this run did not find the pathwise estimator noisier up to $\\omega = {F(n.HighestFrequency)}$, " +
                  "although its variance grows with the frequency (Mohamed et al. 2020, §3). ";
        var training = n is null
            ? "Trained the same way on the same data, compare the test ELBO the VAE reaches with pathwise and with score-function " +
              "gradients (section 4); with the sample detached the encoder hears only the KL term, whose optimum is the prior " +
              "(section 4 measures how close it gets). "
            : $"Trained the same way on the same data, the VAE reached a test ELBO of {F(n.PathwiseElbo, 4)} nats with pathwise gradients and " +
              $"{F(n.ScoreFunctionElbo, 4)} with score-function gradients ({(n.PathwiseElbo > n.ScoreFunctionElbo ? "pathwise better" : "pathwise not better")}); " +
              $"with the sample detached the encoder heard only the KL term and {(n.DetachedKl < 0.1 ? "collapsed to the prior" : "moved towards the prior")} " +
              $"(KL {F(n.DetachedKl, 2)} nats, {n.DetachedActiveUnits} of {n.LatentSize} active units, test ELBO {F(n.DetachedElbo, 4)}). ";
        return
            "A VAE's loss contains an expectation over the encoder's own distribution, $\\mathbb{E}_{q(z|x)}[\\log p(x|z)]$. If $z$ is drawn " +
            "by a sampling call (`sample()`), it has no history in the autograd graph, so no gradient reaches the encoder's $\\mu$ and " +
            "$\\sigma$ (notebook 03, section 1). Writing the sample as $z = \\mu + \\sigma\\cdot\\varepsilon$ (`rsample()`), with the noise " +
            "$\\varepsilon \\sim \\mathcal{N}(0, I)$ drawn independently of the parameters, makes $z$ a differentiable function of $\\mu$ and " +
            "$\\sigma$: ordinary backpropagation then returns an unbiased gradient estimate from a single sample per image. It is not the " +
            "only unbiased estimator: the score-function (REINFORCE) estimator needs no derivative of the decoder and is also unbiased " +
            "(section 2). " + variance + loses + training +
            "So reparameterization does not make training possible in principle (REINFORCE is unbiased); it makes it practical: " +
            "cheap gradients, far less noisy than the score function's for the smooth decoders of a VAE, that flow through the same " +
            "autograd code as the rest of the network. Discrete latents have no such path; Gumbel-softmax and straight-through " +
            "estimators trade variance for bias (section 5), the bridge to VQ-VAE.";
    }

    private static string Chinese(AnswerCardNumbers? n)
    {
        var variance = n is null
            ? "对于 VAE 的对数似然这类光滑函数，它的方差远大于路径导数估计器，并随 $z$ 的维数增长，基线只能消除其中一部分（第 3 节；训练好的 VAE 中的测量见第 4 节）。"
            : $"在一个光滑的测试函数上，$D = {n.SmallDimension}$ 时其方差是路径导数估计器的 {Times(n.SmallDimensionRatio)} 倍，$D = {n.LargestDimension}$ 时为 " +
              $"{Times(n.LargestDimensionRatio)} 倍（第 3 节）；在训练好的 VAE 中，编码器的得分函数梯度方差是路径导数梯度的 {Times(n.VaeVarianceRatio)} 倍（第 4 节）。";
        var loses = n is null
            ? "路径导数估计器并不总是噪声更小：对于快速振荡的函数，它的方差随频率增长，而得分函数的方差有界（Mohamed 等 2020，§3；第 3 节有测量）。"
            : n.PathwiseWorseFromFrequency is { } from
                ? $"路径导数估计器并不总是噪声更小：在 $f(z) = \\cos(\\omega z)$ 上，从 $\\omega = {F(from)}$ 起它的方差更大，在 $\\omega = {F(n.HighestFrequency)}$ 时是得分函数的 " +
                  $"{Times(n.PathwiseOverScoreAtHighestFrequency)} 倍（Mohamed 等 2020，§3）。"
                : $"在 $f(z) = \\cos(\\omega z)$ 上，直到 $\\omega = {F(n.HighestFrequency)}$ 本次运行都没有发现路径导数估计器的噪声更大，尽管其方差随频率增长（Mohamed 等 2020，§3）。";
        var training = n is null
            ? "在相同数据、相同设置下训练，请比较 VAE 用路径导数梯度和用得分函数梯度达到的测试 ELBO（第 4 节）；把样本从编码器断开（detach）时，编码器只收到 KL 项的梯度，而 KL 项的最优点就是先验（第 4 节测量它离先验有多近）。"
            : $"在相同数据、相同设置下训练，VAE 用路径导数梯度达到测试 ELBO {F(n.PathwiseElbo, 4)} nats，用得分函数梯度为 {F(n.ScoreFunctionElbo, 4)}" +
              $"（{(n.PathwiseElbo > n.ScoreFunctionElbo ? "路径导数更好" : "路径导数并不更好")}）；把样本断开时，编码器只收到 KL 项的梯度，" +
              $"{(n.DetachedKl < 0.1 ? "塌缩到先验" : "向先验靠拢")}（KL {F(n.DetachedKl, 2)} nats，活跃单元 {n.DetachedActiveUnits}/{n.LatentSize}，测试 ELBO {F(n.DetachedElbo, 4)}）。";
        return
            "**简答：** VAE 的损失中含有对编码器自身分布的期望 $\\mathbb{E}_{q(z|x)}[\\log p(x|z)]$。如果 $z$ 由采样调用（`sample()`）直接得到，它在自动微分图中没有来历，" +
            "梯度到不了编码器的 $\\mu$ 和 $\\sigma$（笔记本 03 第 1 节）。把样本写成 $z = \\mu + \\sigma\\cdot\\varepsilon$（`rsample()`），其中噪声 " +
            "$\\varepsilon \\sim \\mathcal{N}(0, I)$ 与参数无关，$z$ 就成为 $\\mu$ 和 $\\sigma$ 的可微函数：普通的反向传播即可用每张图一个样本给出无偏的梯度估计。" +
            "它并不是唯一的无偏估计器：得分函数（REINFORCE）估计器不需要对解码器求导，同样无偏（第 2 节）。" + variance + loses + training +
            "所以，重参数技巧不是让训练在原理上成为可能（REINFORCE 也是无偏的），而是让它在实践中可行：梯度廉价，对 VAE 的光滑解码器而言噪声远小于得分函数，" +
            "并与网络其余部分走同一套自动微分。离散隐变量没有这样的路径；Gumbel-softmax 与直通（straight-through）估计器以偏差换方差（第 5 节），这正是通往 VQ-VAE 的桥梁。";
    }
}
