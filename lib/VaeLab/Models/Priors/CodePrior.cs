using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Priors;

/// <summary>
/// A learned prior over code grids as a model the trainer can fit: input int64 code grids [N, H, W] or [N, P], output the
/// term log_likelihood = log p(c) in nats per grid (<see cref="CausalTransformerPrior.LogLikelihood"/>), so
/// <c>Objective.Elbo()</c> minimises the prior's negative log-likelihood. Divide by P for nats per code and compare
/// with log K, the cost of the uniform prior VQ-VAE assumes while the autoencoder trains (van den Oord et al. 2017, §3.1).
/// </summary>
public sealed class CodePrior : Module<Tensor, ModelOutput>
{
    private readonly CausalTransformerPrior prior;

    public CodePrior(CausalTransformerPriorOptions options) : base(nameof(CodePrior))
    {
        prior = new CausalTransformerPrior(options);
        RegisterComponents();
    }

    public CausalTransformerPriorOptions Options => prior.Options;

    /// <summary>The transformer itself (logits, sampling).</summary>
    public CausalTransformerPrior Transformer => prior;

    public override ModelOutput forward(Tensor codes)
    {
        var flat = codes.dim() == 3 ? codes.reshape(codes.shape[0], -1) : codes;
        return new ModelOutput(new Dictionary<Term, Tensor> { [Term.LogLikelihood] = prior.LogLikelihood(flat) });
    }

    /// <summary>Code grids [count, P] drawn ancestrally from the prior.</summary>
    public Tensor Sample(int count, Generator generator, double temperature = 1.0)
    {
        var wasTraining = training;
        eval();
        try { return prior.Sample(count, generator, temperature); }
        finally { train(wasTraining); }
    }
}
