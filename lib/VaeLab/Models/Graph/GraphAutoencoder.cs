using TorchSharp;
using VaeLab.Distributions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Graph;

/// <summary>
/// Sizes and loss options of a graph autoencoder. The defaults are those of Kipf &amp; Welling 2016: a 32-unit GCN
/// layer, 16 latent dimensions, and the positive-edge reweighting of their reference code.
/// </summary>
/// <param name="Variational">true: the VGAE (Gaussian node latents, KL to N(0, I)); false: the plain GAE (z = μ, no KL).</param>
/// <param name="WeightPositives">Reweight the edges by (n² − E)/E and scale the whole term by n²/(2(n² − E)), with E the
/// number of 1s of the training adjacency A without its diagonal (each edge counted twice), as Kipf &amp; Welling's
/// reference code (tkipf/gae, train.py: <c>pos_weight</c> and <c>norm</c> from <c>adj_train</c>) does; the labels
/// are A + I, so the diagonal's n ones are up-weighted too. The reconstruction term is then a reweighted
/// log-likelihood, not log p(A|Z) itself.</param>
public sealed record GraphAutoencoderOptions(int HiddenSize = 32, int LatentSize = 16, bool Variational = true, bool WeightPositives = true)
{
    public void Validate()
    {
        if (HiddenSize < 1 || LatentSize < 1)
            throw new ArgumentException($"Hidden and latent sizes must be positive; got hidden {HiddenSize}, latent {LatentSize}.");
    }
}

/// <summary>
/// The (variational) graph autoencoder of Kipf &amp; Welling 2016 on one fixed graph, trained full-batch, written in
/// distributions. Encoder: a two-layer GCN, H = ReLU(Â X W₀), μ = Â H W_μ, log σ² = Â H W_σ (Â from
/// <see cref="GraphNormalization.Symmetric"/>); q(Z|X, A) = Π_i N(z_i; μ_i, diag σ_i²) (<see cref="DiagonalNormal"/>
/// over the n nodes), p(Z) = N(0, I). Decoder: p(A_ij = 1 | z_i, z_j) = σ(z_i · z_j) (<see cref="EdgeBernoulli"/>). The
/// model's input is the node feature matrix X [n, F] (the identity for a graph without features); what it generates, and
/// the ELBO scores, is the training adjacency with self-loops A + I (as in the reference code; <see cref="Observed"/>).
/// Per node i the output reports the log-likelihood of row i and KL(q(z_i) ‖ N(0, I)), so the trainer's batch mean is the
/// ELBO per node, (1/n)(Norm Σ_ij reweighted log-likelihood − Σ_i KL_i). Kipf &amp; Welling's code (tkipf/gae, optimizer.py)
/// weights the two terms the same way: its loss is norm × the mean of the weighted cross-entropy over all n² pairs plus
/// 1/n × the mean over nodes of KL(q(z_i) ‖ N(0, I)) (written there as −(0.5/n) × the mean of Σ_d(1 + 2 log σ − μ² − σ²)),
/// which is (1/n²)(norm Σ_ij … + Σ_i KL_i): the same sum divided by n² instead of n, a scale that hardly changes Adam's
/// steps. The plain GAE (<see cref="GraphAutoencoderOptions.Variational"/> false) has z = μ and no prior: it
/// reports the reconstruction term only, a plain loss (its posterior is the <see cref="PointMass"/> at μ).
/// </summary>
public sealed class GraphAutoencoder : Module<Tensor, ModelOutput>, ILatentVariableModel
{
    private readonly GraphConvolution hidden;
    private readonly GraphConvolution mean;
    private readonly GraphConvolution? logVariance;
    private readonly Tensor propagation;
    private readonly Tensor labels;
    private readonly double positiveWeight;
    private readonly double norm;
    private readonly StandardNormal prior;

    /// <param name="trainingAdjacency">The symmetric 0/1 adjacency [n, n] the model may see (held-out edges removed).</param>
    /// <param name="featureSize">Columns of the feature matrix X (n for the identity).</param>
    /// <param name="generator">Draws the Glorot initial weights (reproducible without torch's global generator).</param>
    public GraphAutoencoder(Tensor trainingAdjacency, int featureSize, GraphAutoencoderOptions? options = null, Generator? generator = null)
        : base(nameof(GraphAutoencoder))
    {
        Options = options ?? new GraphAutoencoderOptions();
        Options.Validate();
        NodeCount = trainingAdjacency.shape[0];
        using (no_grad())
        {
            propagation = GraphNormalization.Symmetric(trainingAdjacency.to_type(ScalarType.Float32)).detach();
            var adjacency = trainingAdjacency.to_type(ScalarType.Float32);
            labels = (adjacency + eye(NodeCount)).detach();
            // E = the 1s of A off its diagonal, as in the reference code (which computes both factors before adding I).
            double n2 = NodeCount * (double)NodeCount, ones = adjacency.sum().ToDouble() - adjacency.diagonal().sum().ToDouble();
            if (Options.WeightPositives && ones <= 0)
                throw new ArgumentException("The training graph has no edges, so the positive-edge weight (n² − E)/E is undefined; give a graph with edges or WeightPositives = false.");
            (positiveWeight, norm) = Options.WeightPositives ? ((n2 - ones) / ones, n2 / (2 * (n2 - ones))) : (1.0, 1.0);
        }
        hidden = new GraphConvolution(featureSize, Options.HiddenSize, generator: generator);
        mean = new GraphConvolution(Options.HiddenSize, Options.LatentSize, generator: generator);
        if (Options.Variational) logVariance = new GraphConvolution(Options.HiddenSize, Options.LatentSize, generator: generator);
        prior = new StandardNormal(Options.LatentSize);
        RegisterComponents();
    }

    public GraphAutoencoderOptions Options { get; }

    /// <summary>The weight of a 1 in the reconstruction term, (n² − E)/E (1 without <see cref="GraphAutoencoderOptions.WeightPositives"/>).</summary>
    public double PositiveWeight => positiveWeight;

    /// <summary>The factor on the whole reconstruction term, n²/(2(n² − E)) (1 without <see cref="GraphAutoencoderOptions.WeightPositives"/>).</summary>
    public double Norm => norm;

    public long NodeCount { get; }

    /// <summary>μ_i and log σ_i² of every node [n, D] (log σ² is null for the plain GAE).</summary>
    public (Tensor Mean, Tensor? LogVariance) Encode(Tensor features)
    {
        if (features.dim() != 2 || features.shape[0] != NodeCount)
            throw new ArgumentException(
                $"The graph autoencoder encodes all {NodeCount} nodes at once (full batch): features must be [{NodeCount}, F]; got [{string.Join(", ", features.shape)}].");
        var h = functional.relu(hidden.call(features, propagation));
        return (mean.call(h, propagation), logVariance?.call(h, propagation));
    }

    /// <summary>Edge logits z_i · z_j for all pairs [n, n] (or [K, n, n] for z [K, n, D]); the decoder's σ is applied in the likelihood.</summary>
    public static Tensor EdgeLogits(Tensor z) => z.matmul(z.transpose(-1, -2));

    /// <summary>The node embeddings used for link prediction: the encoder means μ [n, D] (no sampling), as in Kipf &amp; Welling.</summary>
    public Tensor Embed(Tensor features)
    {
        using var noGrad = no_grad();
        return Encode(features).Mean.detach();
    }

    /// <summary>q(Z|X, A): a diagonal Gaussian per node (the VGAE), or the point z = μ (the plain GAE).</summary>
    public Distribution Posterior(Tensor features)
    {
        var (mu, logVar) = Encode(features);
        return Options.Variational ? DiagonalNormal.FromLogVariance(mu, logVar!) : new PointMass(mu);
    }

    /// <summary>p(Z) = N(0, I) per node.</summary>
    public Distribution Prior => Options.Variational ? prior
        : throw new NotSupportedException("The plain GAE has no prior over Z; use the VGAE (Variational = true).");

    /// <summary>p(A|Z): every pair linked with probability σ(z_i · z_j), with the options' positive-edge reweighting.</summary>
    public Distribution Likelihood(Tensor z) => new EdgeBernoulli(EdgeLogits(z), positiveWeight, norm);

    /// <summary>The adjacency the model generates: the training graph with self-loops, A + I.</summary>
    public Tensor Observed(Tensor features) => labels;

    public override ModelOutput forward(Tensor features)
    {
        if (Options.Variational) return ElboPass.Run(this, features);
        var (mu, _) = Encode(features);
        using var likelihood = Likelihood(mu);
        return new ModelOutput(new Dictionary<Term, Tensor> { [Term.LogLikelihood] = likelihood.log_prob(labels) });
    }
}
