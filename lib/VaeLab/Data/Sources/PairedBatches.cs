using TorchSharp;
using static TorchSharp.torch;

namespace VaeLab.Data.Sources;

/// <summary>An input paired with what a conditional model is conditioned on (a label, a second view), row for row.</summary>
public readonly record struct Paired(Tensor Input, Tensor Condition);

/// <summary>
/// Batches of inputs and conditions held in memory, shuffled together, for a conditional model
/// (a <c>Module&lt;Paired, ModelOutput&gt;</c>): row i of a batch's input goes with row i of its condition.
/// </summary>
public sealed class PairedBatches : IBatchSource<Paired>
{
    public PairedBatches(Tensor inputs, Tensor conditions)
    {
        if (inputs.dim() < 1 || inputs.shape[0] < 1)
            throw new ArgumentException($"Inputs must be a non-empty batch [N, ...]; got [{string.Join(", ", inputs.shape)}].");
        if (conditions.dim() < 1 || conditions.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Give one condition per input: {inputs.shape[0]} inputs, conditions shaped [{string.Join(", ", conditions.shape)}].");
        Inputs = inputs;
        Conditions = conditions;
    }

    public Tensor Inputs { get; }

    public Tensor Conditions { get; }

    public long Count => Inputs.shape[0];

    public IEnumerable<Paired> Epoch(long batchSize, Generator? shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = BatchSource.Order(Count, batchSize, shuffle);
        return TensorBatches.Gather(Inputs, order, batchSize).Zip(TensorBatches.Gather(Conditions, order, batchSize), (x, y) => new Paired(x, y));
    }

    public void Validate(Action<Tensor, string> check, string what) => check(Inputs, what);
}
