using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>
/// A model switched to evaluation mode (dropout off, batch norm on running statistics) for the scope of a <c>using</c>,
/// and back to what it was afterwards.
/// </summary>
public readonly struct EvaluationMode : IDisposable
{
    private readonly nn.Module? module;
    private readonly bool wasTraining;

    private EvaluationMode(nn.Module? module)
    {
        this.module = module;
        wasTraining = module?.training ?? false;
        module?.eval();
    }

    /// <summary>Switches <paramref name="model"/> to evaluation mode when it is a module (anything else is left alone).</summary>
    public static EvaluationMode Of(object model) => new(model as nn.Module);

    public void Dispose() => module?.train(wasTraining);
}
