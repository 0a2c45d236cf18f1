using TorchSharp;
using VaeLab.Common;
using VaeLab.Data;
using VaeLab.Data.Compression;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Ood;
using VaeLab.Models;
using VaeLab.Objectives;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Experiments;

/// <summary>
/// Notebook 08's OOD protocol, fixed so that it can be repeated on other seeds: the model, the two training budgets
/// (Fashion-MNIST and the smaller MNIST set), how many test images are scored from each set, the importance samples
/// of L_k, and Ren et al.'s perturbation rate μ.
/// </summary>
public sealed record OodProtocol(MlpVaeOptions Model, TrainingConfig FashionTraining, TrainingConfig MnistTraining,
    int ScoreCount, int ImportanceSamples, double PerturbationRate);

/// <summary>One direction of one seed: each score's detection numbers, its per-image scores (for resampling the test
/// images, <see cref="AurocBootstrap"/>) and the two models' test bits per dimension.</summary>
public sealed record OodDirectionResult(IReadOnlyDictionary<string, DetectionSummary> Scores, IReadOnlyDictionary<string, ImageScores> ImageScores,
    double ModelBitsPerDim, double BackgroundBitsPerDim)
{
    /// <summary>From score tensors (in, out) per name, e.g. <see cref="OodScores.StandardSet"/>'s, as the notebook computes them for its first seed.</summary>
    public static OodDirectionResult From(IReadOnlyDictionary<string, (Tensor In, Tensor Out)> scores, double modelBitsPerDim, double backgroundBitsPerDim)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var perImage = scores.ToDictionary(s => s.Key, s => new ImageScores(
            s.Value.In.to_type(ScalarType.Float64).data<double>().ToArray(), s.Value.Out.to_type(ScalarType.Float64).data<double>().ToArray()));
        return new OodDirectionResult(perImage.ToDictionary(s => s.Key, s => DetectionMetrics.Summarise(s.Value.In, s.Value.Out)),
            perImage, modelBitsPerDim, backgroundBitsPerDim);
    }
}

/// <summary>Both directions for one seed.</summary>
public sealed record OodSeedResult(int Seed, OodDirectionResult FashionToMnist, OodDirectionResult MnistToFashion);

/// <summary>
/// Runs notebook 08's sections 3–7 end to end for one seed, with the seeding the notebook uses (torch's generator at
/// seed + 0 … 3 before each model is built, perturbation generators at seed + 7 and seed + 8, importance-sampling noise
/// at seed + 0 … 3), so the notebook can repeat on further seeds exactly what it showed step by step for the first.
/// The compressor lengths do not depend on the seed; everything trained or sampled does. Every seed scores the same first
/// <see cref="OodProtocol.ScoreCount"/> test images of each set, so <see cref="Compare"/> also resamples those images.
/// </summary>
public static class OodSeedStudy
{
    public static OodSeedResult Run(ImageDataset fashion, ImageDataset mnist, OodProtocol protocol, int seed)
    {
        ArgumentNullException.ThrowIfNull(fashion);
        ArgumentNullException.ThrowIfNull(mnist);
        ArgumentNullException.ThrowIfNull(protocol);
        var count = (int)Math.Min(protocol.ScoreCount, Math.Min(fashion.TestImages.shape[0], mnist.TestImages.shape[0]));
        var fashionTest = fashion.TestImages.narrow(0, 0, count);
        var mnistTest = mnist.TestImages.narrow(0, 0, count);
        var monitor = fashion.TestImages.narrow(0, 0, Math.Min(2000, fashion.TestImages.shape[0]));
        var png = (Fashion: CompressedLength.Bits(fashionTest, LosslessCompressor.Png), Mnist: CompressedLength.Bits(mnistTest, LosslessCompressor.Png));
        var zlib = (Fashion: CompressedLength.Bits(fashionTest, LosslessCompressor.Zlib), Mnist: CompressedLength.Bits(mnistTest, LosslessCompressor.Zlib));

        var fashionConfig = protocol.FashionTraining with { Seed = seed };
        var fashionModel = Train(protocol.Model, fashion.TrainImages, monitor, fashionConfig, seed);
        using var perturbFashion = new Generator((ulong)seed + 7);
        var fashionBackground = Train(protocol.Model, PixelPerturbation.ReplacePixels(fashion.TrainImages, protocol.PerturbationRate, perturbFashion),
            monitor, fashionConfig, seed + 1);
        var forward = Direction(fashionModel, fashionBackground, (fashionTest, mnistTest), (png.Fashion, png.Mnist), (zlib.Fashion, zlib.Mnist),
            protocol.ImportanceSamples, (seed, seed + 1));

        var mnistConfig = protocol.MnistTraining with { Seed = seed };
        var mnistModel = Train(protocol.Model, mnist.TrainImages, mnist.TestImages, mnistConfig, seed + 2);
        using var perturbMnist = new Generator((ulong)seed + 8);
        var mnistBackground = Train(protocol.Model, PixelPerturbation.ReplacePixels(mnist.TrainImages, protocol.PerturbationRate, perturbMnist),
            null, mnistConfig, seed + 3);
        var backward = Direction(mnistModel, mnistBackground, (mnistTest, fashionTest), (png.Mnist, png.Fashion), (zlib.Mnist, zlib.Fashion),
            protocol.ImportanceSamples, (seed + 2, seed + 3));
        return new OodSeedResult(seed, forward, backward);
    }

    private static (MlpVae Model, TrainingResult Run) Train(MlpVaeOptions options, Tensor train, Tensor? test, TrainingConfig config, int torchSeed)
    {
        MlpVae model;
        TrainingResult run;
        using (TorchRandom.Seeded(torchSeed))
        {
            model = new MlpVae(options);
            run = new Trainer(model, Objective.Elbo(), config) { Progress = TrainingProgress.None }.Fit(train, test);
        }
        model.eval();
        return (model, run);
    }

    private static OodDirectionResult Direction((MlpVae Model, TrainingResult Run) main, (MlpVae Model, TrainingResult Run) background,
        (Tensor In, Tensor Out) images, (Tensor In, Tensor Out) png, (Tensor In, Tensor Out) zlib, int k, (int In, int Out) noiseSeeds)
    {
        var logp = (OodScores.LogLikelihood(main.Model, images.In, k, seed: noiseSeeds.In), OodScores.LogLikelihood(main.Model, images.Out, k, seed: noiseSeeds.Out));
        var logpBackground = (OodScores.LogLikelihood(background.Model, images.In, k, seed: noiseSeeds.In),
            OodScores.LogLikelihood(background.Model, images.Out, k, seed: noiseSeeds.Out));
        static double BitsPerDim(TrainingResult run, int dims) => run.Last.Test is { } test ? -test.Elbo / (dims * Math.Log(2)) : double.NaN;
        var dims = (int)images.In[0].numel();
        return OodDirectionResult.From(OodScores.StandardSet(logp, logpBackground, png, zlib), BitsPerDim(main.Run, dims), BitsPerDim(background.Run, dims));
    }

    /// <summary>
    /// Score <paramref name="a"/> against score <paramref name="b"/> in one direction over all the seeds: the per-seed
    /// AUROC differences and, because every seed scored the same test images, the 95 % interval of their mean over
    /// <paramref name="replicates"/> paired resamples of those images (fixed <paramref name="bootstrapSeed"/>: deterministic).
    /// </summary>
    public static ImagePairedDifference Compare(IReadOnlyList<OodSeedResult> seeds, Func<OodSeedResult, OodDirectionResult> direction,
        string a, string b, int replicates = 1000, int bootstrapSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(direction);
        var results = seeds.Select(direction).ToArray();
        foreach (var name in new[] { a, b })
            if (results.Any(r => !r.ImageScores.ContainsKey(name)))
                throw new ArgumentException($"No score '{name}' on every seed; recorded: {string.Join(", ", results[0].ImageScores.Keys)}.");
        var differences = new PairedDifference(a, b, results.Select(r => r.Scores[a].RocAuc - r.Scores[b].RocAuc).ToArray());
        var interval = AurocBootstrap.PairedDifference(results.Select(r => r.ImageScores[a]).ToArray(), results.Select(r => r.ImageScores[b]).ToArray(),
            replicates, bootstrapSeed);
        return new ImagePairedDifference(differences, interval);
    }
}
