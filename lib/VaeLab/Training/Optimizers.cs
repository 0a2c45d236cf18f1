using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>
/// Which optimizer steps the parameters, with its settings (the learning rate comes from the <see cref="TrainingConfig"/>
/// or the <see cref="ParameterGroup"/>). Adam is the series' default; a catalogue entry or the caller can choose another.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AdamOptimizer), "adam")]
[JsonDerivedType(typeof(AdamWOptimizer), "adamw")]
[JsonDerivedType(typeof(SgdOptimizer), "sgd")]
public abstract record OptimizerChoice
{
    /// <summary>Adam (Kingma &amp; Ba 2015) with PyTorch's defaults β = (0.9, 0.999), ε = 1e-8.</summary>
    public static OptimizerChoice Adam { get; } = new AdamOptimizer();

    /// <summary>AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay (PyTorch's default 0.01).</summary>
    public static OptimizerChoice AdamW(double weightDecay = 0.01) => new AdamWOptimizer(WeightDecay: weightDecay);

    /// <summary>Stochastic gradient descent, with optional (Nesterov) momentum.</summary>
    public static OptimizerChoice Sgd(double momentum = 0, bool nesterov = false) => new SgdOptimizer(momentum, nesterov);

    /// <summary>The names <see cref="Parse"/> reads (the command line's --optimizer).</summary>
    public static IReadOnlyList<string> Names { get; } = ["adam", "adamw", "sgd"];

    /// <summary>The optimizer named <paramref name="name"/> with its default settings; a one-line error for another name.</summary>
    public static OptimizerChoice Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "adam" => Adam,
        "adamw" => AdamW(),
        "sgd" => Sgd(),
        _ => throw new ArgumentException($"Unknown optimizer '{name}'; use one of: {string.Join(", ", Names)}."),
    };

    /// <summary>A new optimizer over <paramref name="parameters"/> at <paramref name="learningRate"/>.</summary>
    public abstract OptimizerHelper Create(IEnumerable<Parameter> parameters, double learningRate);

    public abstract override string ToString();
}

/// <summary>Adam; see <see cref="OptimizerChoice.Adam"/>.</summary>
public sealed record AdamOptimizer(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0) : OptimizerChoice
{
    public override OptimizerHelper Create(IEnumerable<Parameter> parameters, double learningRate) =>
        torch.optim.Adam(parameters, learningRate, Beta1, Beta2, Epsilon, WeightDecay);

    public override string ToString() => WeightDecay == 0 ? "Adam" : $"Adam (weight decay {WeightDecay})";
}

/// <summary>AdamW; see <see cref="OptimizerChoice.AdamW"/>.</summary>
public sealed record AdamWOptimizer(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0.01) : OptimizerChoice
{
    public override OptimizerHelper Create(IEnumerable<Parameter> parameters, double learningRate) =>
        torch.optim.AdamW(parameters, learningRate, Beta1, Beta2, Epsilon, WeightDecay);

    public override string ToString() => $"AdamW (weight decay {WeightDecay})";
}

/// <summary>SGD; see <see cref="OptimizerChoice.Sgd"/>.</summary>
public sealed record SgdOptimizer(double Momentum = 0, bool Nesterov = false, double WeightDecay = 0) : OptimizerChoice
{
    public override OptimizerHelper Create(IEnumerable<Parameter> parameters, double learningRate)
    {
        if (Nesterov && !(Momentum > 0)) throw new ArgumentException("Nesterov momentum needs a momentum > 0.");
        return torch.optim.SGD(parameters, learningRate, Momentum, weight_decay: WeightDecay, nesterov: Nesterov);
    }

    public override string ToString() => Momentum == 0 ? "SGD" : $"SGD (momentum {Momentum}{(Nesterov ? ", Nesterov" : "")})";
}
