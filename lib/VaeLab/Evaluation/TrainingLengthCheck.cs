namespace VaeLab.Evaluation;

/// <summary>What re-training a model for longer on the same seeds says about its fixed budget.</summary>
public enum TrainingLengthVerdict
{
    /// <summary>Longer training raised the metric, settled: the budget's numbers are under-trained.</summary>
    StillImproving,

    /// <summary>Longer training lowered the metric, settled: the budget is not short for this metric.</summary>
    LongerIsWorse,

    /// <summary>No settled change either way.</summary>
    NotSettled,
}

/// <summary>
/// The control against under-training: the same model, data, split and initialisation trained for longer, compared
/// with the budget's run by <see cref="PairedDifference"/> (longer − budget, higher = better). A settled gain says the
/// budget's numbers judge under-training; a settled loss says the budget is not short; anything else settles neither.
/// </summary>
public static class TrainingLengthCheck
{
    public static TrainingLengthVerdict Read(PairedDifference longerMinusBudget)
    {
        ArgumentNullException.ThrowIfNull(longerMinusBudget);
        return !longerMinusBudget.Settled ? TrainingLengthVerdict.NotSettled
            : longerMinusBudget.Mean > 0 ? TrainingLengthVerdict.StillImproving : TrainingLengthVerdict.LongerIsWorse;
    }

    /// <summary>The reading as words, for <paramref name="model"/> trained for <paramref name="budget"/> epochs.</summary>
    public static string Says(string model, PairedDifference longerMinusBudget, int budget) => Read(longerMinusBudget) switch
    {
        TrainingLengthVerdict.StillImproving => $"the {model} was still improving at {budget} epochs: its numbers above are under-trained",
        TrainingLengthVerdict.LongerIsWorse => $"longer training lowers the {model}'s test AUC, so at {budget} epochs it is not under-trained",
        _ => $"doubling the {model}'s epochs changes its test AUC by no settled amount on these graphs (neither a gain nor a loss is shown)",
    };
}
