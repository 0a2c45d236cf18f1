namespace VaeLab.Inference.Gradients;

/// <summary>How the reconstruction term E_q[log p(x|z)] of the ELBO sends gradient to the encoder.</summary>
public enum EncoderGradientMode
{
    /// <summary>z = μ + σ·ε: backward runs from the decoder through z into μ and σ (the reparameterization trick).</summary>
    Pathwise,

    /// <summary>z is a plain sample; the encoder is trained by the score-function (REINFORCE) estimator
    /// (log p(x|z) − b)·∇ log q(z|x), with b the leave-one-out batch mean of log p(x|z).</summary>
    ScoreFunction,

    /// <summary>z is a plain sample and nothing else is done: the reconstruction term sends no gradient to the
    /// encoder, which learns from the KL term alone.</summary>
    Detached,
}
