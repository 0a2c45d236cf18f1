using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Evaluation.Disentanglement;

/// <summary>Conversion of encoder outputs to the <c>double[N, L]</c> tables the disentanglement metrics take.</summary>
public static class LatentCodes
{
    /// <summary>Copies a 2-D tensor [N, L] (any float dtype, any device), e.g. the posterior means, into double[N, L].</summary>
    public static double[,] FromTensor(Tensor codes)
    {
        if (codes.dim() != 2)
            throw new ArgumentException($"Latent codes must be a 2-D tensor [examples, latents]; got shape [{string.Join(", ", codes.shape)}].");
        using var scope = torch.NewDisposeScope();
        var rows = (int)codes.shape[0];
        var columns = (int)codes.shape[1];
        var flat = codes.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var result = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }
}
