namespace VaeLab.Exercises;

/// <summary>
/// A prediction checked together with the reason given for it, like an autograder rather than a quiz key. A yes/no
/// prediction alone is a coin flip that flipping passes; with the reason chosen among a few explanations (an enum whose
/// wrong members are the usual misconceptions) it cannot be passed without the reasoning. A wrong answer gets the hint
/// that belongs to the chosen explanation (which quantity to compare, which section to reread), never the measured
/// value, and never which of prediction or reason was wrong unless the reason is the right one; a right answer gets the
/// measurement and why. Used by the checks of notebooks 00–04 (and open to the others).
/// </summary>
public static class ReasonedPrediction
{
    /// <summary>
    /// Judges an answered prediction: <paramref name="predictionRight"/> says whether the prediction matches what was
    /// measured, <paramref name="reason"/> is the student's explanation and <paramref name="rightReason"/> the one that
    /// explains the measurement. <paramref name="hint"/> gives the hint for a wrong explanation.
    /// </summary>
    public static ExerciseCheck Judge<TReason>(bool predictionRight, TReason reason, TReason rightReason,
        string result, Func<TReason, string> hint) where TReason : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(hint);
        if (!EqualityComparer<TReason>.Default.Equals(reason, rightReason)) return ExerciseCheck.NotYet(hint(reason));
        return predictionRight
            ? ExerciseCheck.Pass(result)
            : ExerciseCheck.NotYet("your reason is the one that explains what happens, but your prediction does not follow from it: " +
                                   "work out what that reason implies for the two quantities compared, then predict again.");
    }

    /// <summary>"write your prediction and its reason (…)", listing the explanations to choose from.</summary>
    public static ExerciseCheck Unanswered<TReason>(string what) where TReason : struct, Enum =>
        ExerciseCheck.NotYet($"{what}, and the reason: one of {Choices<TReason>()}.");

    /// <summary>The enum's members as a student writes them, e.g. "SeedReason.StreamStartFixed, SeedReason.EveryDrawFixed".</summary>
    public static string Choices<TReason>() where TReason : struct, Enum =>
        string.Join(", ", Enum.GetNames<TReason>().Select(n => $"{typeof(TReason).Name}.{n}"));
}
