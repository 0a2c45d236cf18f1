using static TorchSharp.torch;

namespace VaeLab.Models;

/// <summary>A model that can check a data set once before training or evaluation (the trainer calls it when present).</summary>
public interface IValidatesData
{
    /// <summary>Throws an ArgumentException with a one-line message saying what is wrong with the data and what to do.</summary>
    void ValidateData(Tensor data, string what);
}
