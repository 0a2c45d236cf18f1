using TorchSharp;
using VaeLab.Distributions;
using VaeLab.Models;
using static TorchSharp.torch;

namespace VaeLab.Tests.Distributions;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class DiscretizedLogisticDecoderTests
{
    [Fact]
    public void DecoderKindSplitsMeansAndLogScalesPerExample()
    {
        // Two examples of three pixels; output per example = [μ₁ μ₂ μ₃ s₁ s₂ s₃].
        var x = tensor(new float[] { 0f, 128 / 255f, 1f, 10 / 255f, 20 / 255f, 30 / 255f }, [2, 3]);
        var mean = tensor(new float[] { 0.1f, 0.5f, 0.9f, 0.05f, 0.1f, 0.1f }, [2, 3]);
        var logScale = tensor(new float[] { -3f, -2f, -4f, -1f, -5f, -2.5f }, [2, 3]);
        var output = cat([mean, logScale], 1);                                   // [2, 6]
        var expected = DiscretizedLogistic.LogProbability(x, mean, logScale);
        var got = DecoderLikelihood.DiscretizedLogistic.LogProbability(output, x);
        Assert.Equal([2L], got.shape);
        Assert.Equal(expected.data<float>().ToArray(), got.data<float>().ToArray());
    }

    [Fact]
    public void SampleAxisGivesOneRowPerSample()
    {
        var x = tensor(new float[] { 0f, 1f, 0.5f, 0.25f }, [2, 2]);
        var first = tensor(new float[] { 0.1f, 0.9f, -3f, -3f, 0.4f, 0.3f, -2f, -1f }, [2, 4]);
        var second = tensor(new float[] { 0.5f, 0.5f, -1f, -1f, 0.6f, 0.2f, -4f, -2f }, [2, 4]);
        var got = DecoderLikelihood.DiscretizedLogistic.LogProbability(stack([first, second], 0), x);   // [2 samples, 2 examples]
        Assert.Equal([2L, 2L], got.shape);
        Assert.Equal(DecoderLikelihood.DiscretizedLogistic.LogProbability(first, x).data<float>().ToArray(), got[0].data<float>().ToArray());
        Assert.Equal(DecoderLikelihood.DiscretizedLogistic.LogProbability(second, x).data<float>().ToArray(), got[1].data<float>().ToArray());
    }

    [Fact]
    public void WrongOutputSizeIsRefused()
    {
        var x = zeros(2, 3);
        Assert.Throws<ArgumentException>(() => DecoderLikelihood.DiscretizedLogistic.LogProbability(zeros(2, 3), x));
        Assert.Equal(2, DecoderLikelihood.DiscretizedLogistic.OutputsPerValue);
        Assert.Equal(1, DecoderLikelihood.Bernoulli.OutputsPerValue);
    }

    [Fact]
    public void MeanIsTheClippedLocation()
    {
        var output = tensor(new float[] { -0.2f, 0.3f, 1.4f, 5f, 5f, 5f }, [1, 6]);
        Assert.Equal([0f, 0.3f, 1f], DecoderLikelihood.DiscretizedLogistic.Mean(output).data<float>().ToArray());
    }

    [Fact]
    public void MlpAndConvVaesOutputTwoValuesPerPixelAndScoreImages()
    {
        using var random = VaeLab.Common.TorchRandom.Seeded(3);
        var images = (randint(0, 256, [4, 1, 28, 28]) / 255.0).to_type(ScalarType.Float32);
        var mlp = new MlpVae(new MlpVaeOptions(LatentSize: 5, HiddenSize: 32, Likelihood: DecoderLikelihood.DiscretizedLogistic));
        var conv = new ConvVae(new ConvVaeOptions(LatentSize: 5, Channels1: 4, Channels2: 8, Likelihood: DecoderLikelihood.DiscretizedLogistic));
        foreach (var model in new GaussianVae[] { mlp, conv })
        {
            using var output = model.call(images);
            Assert.Equal(4 * 2 * 784, ((PixelLikelihood)output.RequireLatent("test").Likelihood).DecoderOutput.numel());
            var logLikelihood = output.LogLikelihood;
            Assert.Equal([4L], logLikelihood.shape);
            // A probability of 784 8-bit pixels: log p ≤ 0, and an untrained model is no better than uniform by far.
            Assert.True(logLikelihood.max().item<float>() < 0);
            Assert.True(double.IsFinite(logLikelihood.sum().item<float>()));
            Assert.Equal([4L, 1L, 28L, 28L], model.Likelihood(model.Encode(images).Mean).mean.reshape(4, 1, 28, 28).shape);
        }
    }

    [Fact]
    public void PixelsOutsideUnitRangeAreRefused()
    {
        var model = new MlpVae(new MlpVaeOptions(InputSize: 4, HiddenSize: 3, LatentSize: 2, Likelihood: DecoderLikelihood.DiscretizedLogistic));
        Assert.Throws<ArgumentException>(() => model.ValidateData(tensor(new float[] { -1f, 0f, 0.5f, 1f }, [1, 4]), "images"));
    }
}
