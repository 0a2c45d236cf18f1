using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Priors;

/// <summary>
/// Multi-head self-attention in which position t attends only to positions ≤ t (Vaswani et al. 2017, §3.2.3, the
/// decoder's masking): softmax(Q Kᵀ / √d_head + M) V per head, M = −∞ above the diagonal. Input and output [N, T, d_model].
/// </summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    private readonly int heads;
    private readonly Linear query_key_value;
    private readonly Linear output;

    public CausalSelfAttention(int modelSize, int heads) : base(nameof(CausalSelfAttention))
    {
        if (heads < 1 || modelSize % heads != 0)
            throw new ArgumentException($"The model size ({modelSize}) must be a multiple of the number of heads ({heads}).");
        this.heads = heads;
        query_key_value = Linear(modelSize, 3 * modelSize);
        output = Linear(modelSize, modelSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (n, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        // [N, T, 3d] → three [N, heads, T, d/heads].
        var qkv = query_key_value.call(x).reshape(n, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4);
        var attended = functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], is_casual: true);
        return output.call(attended.transpose(1, 2).reshape(n, t, d));
    }
}
