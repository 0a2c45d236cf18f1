namespace VaeLab.Exercises;

/// <summary>
/// A prediction checked together with the reason given for it, like an autograder rather than a quiz key. A yes/no
/// prediction alone is a coin flip that flipping passes; with the reason chosen among a few explanations (an enum whose
/// wrong members are the usual misconceptions) it cannot be passed without the reasoning. A wrong prediction gets only
/// "your prediction is not what happens" and a hint about the reasoning that is the same whatever reason was chosen (so
/// a wrong prediction never learns whether its reason was right; a yes/no prediction still learns that the other value
/// holds, so the check rests on the reason, which it grades only once the prediction is right); a right
/// prediction with a wrong reason gets the hint that belongs to the chosen explanation (which quantity to compare, which
/// section to reread); neither ever contains the measured value. A right answer gets the measurement and why. Used by
/// the checks of notebooks 00–04 (and open to the others).
/// </summary>
public static class ReasonedPrediction
{
    /// <summary>
    /// Judges an answered prediction: <paramref name="predictionRight"/> says whether the prediction matches what was
    /// measured, <paramref name="reason"/> is the student's explanation and <paramref name="rightReason"/> the one that
    /// explains the measurement. A wrong prediction gets <paramref name="predictionHint"/> (about the reasoning, the same
    /// for every reason); a right prediction with a wrong explanation gets <paramref name="hint"/> of that explanation.
    /// </summary>
    public static ExerciseCheck Judge<TReason>(bool predictionRight, TReason reason, TReason rightReason,
        string result, string predictionHint, Func<TReason, string> hint) where TReason : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(hint);
        ArgumentException.ThrowIfNullOrWhiteSpace(predictionHint);
        if (!predictionRight) return ExerciseCheck.NotYet($"your prediction is not what happens here. {predictionHint}");
        return EqualityComparer<TReason>.Default.Equals(reason, rightReason)
            ? ExerciseCheck.Pass(result)
            : ExerciseCheck.NotYet(hint(reason));
    }

    /// <summary>"write your prediction and its reason (…)", listing the explanations to choose from.</summary>
    public static ExerciseCheck Unanswered<TReason>(string what) where TReason : struct, Enum =>
        ExerciseCheck.NotYet($"{what}, and the reason: one of {Choices<TReason>()}.");

    /// <summary>The enum's members as a student writes them, e.g. "SeedReason.StreamStartFixed, SeedReason.EveryDrawFixed".</summary>
    public static string Choices<TReason>() where TReason : struct, Enum =>
        string.Join(", ", Enum.GetNames<TReason>().Select(n => $"{typeof(TReason).Name}.{n}"));
}
