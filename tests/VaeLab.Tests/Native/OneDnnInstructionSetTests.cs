using TorchSharp;
using VaeLab.Native;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VaeLab.Tests.Native;

public class OneDnnInstructionSetTests
{
    [Fact]
    public void After_prepare_onednn_sees_the_avx2_cap_unless_the_user_chose_one()
    {
        if (!OperatingSystem.IsLinux()) return;
        TorchNative.Prepare();
        var chosenByUser = Environment.GetEnvironmentVariable(OneDnnInstructionSet.Variable);
        var expected = string.IsNullOrEmpty(chosenByUser) ? OneDnnInstructionSet.Value : chosenByUser;
        Assert.Equal(expected, OneDnnInstructionSet.Current);
        Assert.Equal(expected, OneDnnInstructionSet.Ensure());
    }

    /// <summary>
    /// The failure the cap prevents: with oneDNN's AVX-512 kernels (TorchSharp-cpu 0.107.0, oneDNN 3.7.1) the input
    /// gradient of a convolution with 1 or 4 input channels came back NaN when freed memory held NaN. Measured on
    /// 2026-12-07 on an AMD EPYC (Zen 5): NaN for both layers below without the cap, finite with it.
    /// </summary>
    [Theory]
    [InlineData(4, 8, 7, 3, 1, 1)]     // a VQ-VAE decoder's first layer on 4-dimensional codes
    [InlineData(1, 8, 28, 4, 2, 1)]    // a discriminator's first layer on grey images
    public void Convolution_input_gradients_do_not_pick_up_nan_from_freed_memory(int inChannels, int outChannels, int side, int kernel, int stride, int padding)
    {
        TorchNative.Prepare();
        using var scope = NewDisposeScope();
        var freed = new List<Tensor>();
        for (var i = 0; i < 4000; i++) freed.Add(full(new long[] { 64 + (i * 37) % 20000 }, float.NaN));
        foreach (var t in freed) t.Dispose();
        using var generator = new Generator(1);
        var input = randn(new long[] { 16, inChannels, side, side }, generator: generator).requires_grad_(true);
        var weight = randn(new long[] { outChannels, inChannels, kernel, kernel }, generator: generator).requires_grad_(true);
        functional.conv2d(input, weight, strides: [stride, stride], padding: [padding, padding]).sum().backward();
        Assert.False(input.grad!.isnan().any().item<bool>(), "the input gradient holds NaN read from freed memory");
        Assert.False(weight.grad!.isnan().any().item<bool>(), "the weight gradient holds NaN");
    }
}
