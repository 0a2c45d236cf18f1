namespace VaeLab.Exercises;

/// <summary>
/// The verdict of an exercise's check cell. On the unchanged notebook a check says "not yet: …" (and the run goes on,
/// so CI stays green); with a correct answer it says "✓ …". The checks are library functions, so a test can run each
/// one both ways (the notebook's starting values, the reference solution's) without executing the notebook.
/// </summary>
public sealed record ExerciseCheck(bool Passed, string Message)
{
    public static ExerciseCheck Pass(string message) => new(true, message);

    public static ExerciseCheck NotYet(string message) => new(false, message);

    /// <summary>"✓ …" or "not yet: …", which is what the check cell prints.</summary>
    public override string ToString() => Passed ? $"✓ {Message}" : $"not yet: {Message}";
}
