namespace VaeLab.Inference.Gradients;

/// <summary>The two unbiased Monte Carlo estimators of ∇_φ E_{q_φ(z)}[f(z)].</summary>
public enum GradientEstimator
{
    /// <summary>Score function / REINFORCE (Williams 1992): E_q[f(z) ∇_φ log q_φ(z)]. Needs only samples and f's values.</summary>
    ScoreFunction,

    /// <summary>Pathwise / reparameterization (Kingma &amp; Welling 2013; Rezende et al. 2014): z = μ + σ·ε, E_ε[∇_φ f(μ + σ·ε)].</summary>
    Pathwise,
}

/// <summary>Control variate subtracted from f in the score-function estimator.</summary>
public enum ScoreBaseline
{
    /// <summary>Plain REINFORCE: f(z) ∇ log q(z).</summary>
    None,

    /// <summary>(f(z_s) − mean of f over the other samples) ∇ log q(z_s): unbiased, because the baseline does not depend on z_s.</summary>
    LeaveOneOut,
}
