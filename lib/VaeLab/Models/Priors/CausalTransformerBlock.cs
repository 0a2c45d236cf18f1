using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Models.Priors;

/// <summary>
/// One pre-norm transformer layer with causal attention: x + Attention(LN(x)), then x + MLP(LN(x)) with a GELU MLP
/// (Vaswani et al. 2017, with the layer norm moved before each sub-layer as in GPT-2, Radford et al. 2019, which trains
/// stably without warm-up).
/// </summary>
public sealed class CausalTransformerBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm attention_norm;
    private readonly CausalSelfAttention attention;
    private readonly LayerNorm mlp_norm;
    private readonly Linear mlp_in;
    private readonly Linear mlp_out;

    public CausalTransformerBlock(int modelSize, int heads, int mlpSize) : base(nameof(CausalTransformerBlock))
    {
        attention_norm = LayerNorm(modelSize);
        attention = new CausalSelfAttention(modelSize, heads);
        mlp_norm = LayerNorm(modelSize);
        mlp_in = Linear(modelSize, mlpSize);
        mlp_out = Linear(mlpSize, modelSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var afterAttention = x + attention.call(attention_norm.call(x));
        return afterAttention + mlp_out.call(functional.gelu(mlp_in.call(mlp_norm.call(afterAttention))));
    }
}
