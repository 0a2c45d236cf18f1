using VaeLab.Data;
using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class SharpnessTests
{
    [Fact]
    public void FlatAndLinearlyShadedImagesHaveNoLaplacian()
    {
        var flat = full(2, 8, 8, 0.3f);
        var ramp = arange(8, dtype: ScalarType.Float32).div(8).repeat(8, 1).unsqueeze(0);   // brightness rising left to right
        Assert.Equal(0.0, Sharpness.LaplacianVariance(flat)[0].item<float>(), 6);
        Assert.Equal(0.0, Sharpness.LaplacianVariance(ramp)[0].item<float>(), 6);
    }

    [Fact]
    public void OneBrightPixelByHand()
    {
        // 5×5 zeros with a 1 in the middle: the 3×3 interior Laplacian is [0,1,0; 1,−4,1; 0,1,0],
        // mean 0, unbiased variance (4·1² + 4²) / (9 − 1) = 2.5.
        var image = zeros(1, 1, 5, 5);
        image[0, 0, 2, 2] = tensor(1f);
        Assert.Equal(2.5, Sharpness.LaplacianVariance(image)[0].item<float>(), 5);
        Assert.Equal(2.5, Sharpness.Mean(image.reshape(1, 25)), 5);
    }

    [Fact]
    public void BlurLowersItAndTheLayoutsAgree()
    {
        using var generator = new Generator(1);
        var images = rand([4, 784], generator: generator);
        var sharp = Sharpness.LaplacianVariance(images);
        var blurred = Sharpness.LaplacianVariance(GaussianBlur.Apply(images, 1.0));
        Assert.True(blurred.lt(sharp).all().item<bool>());
        Assert.True(sharp.allclose(Sharpness.LaplacianVariance(images.reshape(4, 28, 28))));
        Assert.Throws<ArgumentException>(() => Sharpness.LaplacianVariance(zeros(3, 10)));
    }
}

public class GaussianBlurTests
{
    [Fact]
    public void AnImpulseSpreadsIntoTheNormalisedGaussian()
    {
        var image = zeros(1, 21, 21, dtype: ScalarType.Float64);
        image[0, 10, 10] = tensor(1.0);
        var blurred = GaussianBlur.Apply(image, 1.5);
        var weights = Enumerable.Range(-5, 11).Select(d => Math.Exp(-d * d / (2 * 1.5 * 1.5))).ToArray();
        var total = weights.Sum();
        Assert.Equal(weights[5] * weights[5] / (total * total), blurred[0, 10, 10].item<double>(), 10);
        Assert.Equal(weights[5] * weights[7] / (total * total), blurred[0, 10, 12].item<double>(), 10);
        Assert.Equal(1.0, blurred.sum().item<double>(), 10); // far from the border nothing is reflected
    }

    [Fact]
    public void KeepsShapeAndConstantsAndRefusesBadSigma()
    {
        var flat = full(3, 784, 0.25f);
        var blurred = GaussianBlur.Apply(flat, 2.0);
        Assert.Equal(flat.shape, blurred.shape);
        Assert.True(blurred.allclose(flat, 1e-6, 1e-6));
        Assert.True(GaussianBlur.Apply(flat, 0).equal(flat).all().item<bool>());
        Assert.Throws<ArgumentException>(() => GaussianBlur.Apply(flat, -1));
        Assert.Throws<ArgumentException>(() => GaussianBlur.Apply(flat, 12));
    }
}
