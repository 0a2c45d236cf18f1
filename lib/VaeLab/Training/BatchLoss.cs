using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>
/// What an objective returns for one batch. All tensors are per-image means (nats per image):
/// <see cref="Loss"/> is what is minimised; <see cref="Reconstruction"/> is −E_q[log p(x|z)] and <see cref="Kl"/>
/// the KL term, so the ELBO is −(Reconstruction + Kl) whatever weights the loss used. Extra terms are already
/// included in <see cref="Loss"/> and are reported by name.
/// </summary>
public sealed class BatchLoss
{
    public BatchLoss(Tensor loss, Tensor reconstruction, Tensor kl, Tensor? klPerDimension = null, IReadOnlyDictionary<string, Tensor>? terms = null)
    {
        Loss = loss;
        Reconstruction = reconstruction;
        Kl = kl;
        KlPerDimension = klPerDimension;
        Terms = terms ?? new Dictionary<string, Tensor>();
    }

    public Tensor Loss { get; }
    public Tensor Reconstruction { get; }
    public Tensor Kl { get; }

    /// <summary>Mean KL per latent dimension [D], when the model has a Gaussian latent.</summary>
    public Tensor? KlPerDimension { get; }

    public IReadOnlyDictionary<string, Tensor> Terms { get; }
}
