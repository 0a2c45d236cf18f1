namespace VaeLab.Native;

/// <summary>
/// Makes libtorch's CPU arithmetic repeat itself from run to run. libtorch_cpu links Intel oneMKL, which by default
/// picks a code path per call from the data's memory alignment, so the same program with the same seed and thread
/// count can end in different last digits depending on where the allocator put a buffer — and a long optimisation
/// carries those digits into visible ones (notebook 02's amortisation gap printed 0.0126 in one run and 0.0108 in
/// another). With <c>MKL_CBWR=AUTO,STRICT</c> (conditional numerical reproducibility) MKL takes the same path whatever
/// the alignment. Measured with <c>AmortisedInference.Fit</c> (500 points, 1,500 full-batch Adam steps) in six fresh
/// processes each: without it two different final ELBOs at 2 threads (3 and 3 runs); with it one (6 of 6) at 1 and at
/// 2 threads. Training speed with it: `vaelab bench` MLP 0.69 s/epoch either way, conv 2.43–2.57 vs 2.60–2.63 s.
/// </summary>
public static class NumericalReproducibility
{
    public const string Variable = "MKL_CBWR";
    public const string Value = "AUTO,STRICT";

    /// <summary>
    /// Sets <c>MKL_CBWR=AUTO,STRICT</c> in the process's native environment (which MKL reads on its first call)
    /// unless the user has set <c>MKL_CBWR</c>. Linux only; call before the first tensor operation. Returns the value
    /// in force afterwards (null where it cannot be set).
    /// </summary>
    public static string? Ensure() => NativeEnvironment.SetUnlessSet(Variable, Value);

    /// <summary>MKL_CBWR as the native environment holds it (what MKL sees), or null.</summary>
    public static string? Current => NativeEnvironment.Get(Variable);
}
