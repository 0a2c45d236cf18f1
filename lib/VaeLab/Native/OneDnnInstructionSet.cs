namespace VaeLab.Native;

/// <summary>
/// Keeps libtorch's convolutions off a oneDNN kernel that reads memory it never wrote. libtorch_cpu (TorchSharp-cpu
/// 0.107.0) carries oneDNN 3.7.1; on a CPU with AVX-512 its backward-data convolution for layers with few input
/// channels (measured: 1 and 4 channels, 3 × 3 and 4 × 4 kernels) returns NaN in the input gradient whenever the freshly
/// allocated buffer held NaN from an earlier, freed tensor — a VQ-VAE whose 4-dimensional codes feed a 3 × 3 convolution
/// then trains to NaN after a test that happened to leave NaN in freed memory. Capping oneDNN at AVX2
/// (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>, oneDNN's documented switch) makes it pick kernels that do not; on a CPU without
/// AVX-512 it changes nothing. <c>OneDnnInstructionSetTests</c> reproduce the failure (NaN-filled freed memory, then one
/// backward pass); <c>vaelab bench --models conv vq resnet</c> measures the speed either way.
/// </summary>
public static class OneDnnInstructionSet
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Value = "AVX2";

    /// <summary>
    /// Sets <c>ONEDNN_MAX_CPU_ISA=AVX2</c> in the process's native environment (oneDNN reads it when it first picks a
    /// kernel) unless the user has set it. Linux only; call before the first convolution. Returns the value in force.
    /// </summary>
    public static string? Ensure() => NativeEnvironment.SetUnlessSet(Variable, Value);

    /// <summary>ONEDNN_MAX_CPU_ISA as the native environment holds it (what oneDNN sees), or null.</summary>
    public static string? Current => NativeEnvironment.Get(Variable);
}
