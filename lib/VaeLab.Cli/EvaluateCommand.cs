using System.CommandLine;
using VaeLab.Data;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Common;
using VaeLab.Models;
using VaeLab.Training;

namespace VaeLab.Cli;

/// <summary>
/// `vaelab evaluate`: test ELBO and importance-weighted bound of a checkpoint written by `train`, and for a sprites
/// checkpoint the disentanglement metrics (MIG, SAP, FactorVAE score, DCI) on the full factor grid.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint.ckpt written by `vaelab train` (or its folder)." };
        var k = Options.Positive("--k", "Importance samples for the IWAE bound (Burda et al. 2015).", 1000);
        var iwaeImages = Options.Positive("--iwae-images", "Test images for the IWAE bound (it costs k decoder passes per image).", 200);
        var maxTest = Options.OptionalPositive("--max-test", "Use only the first N test images for the ELBO.");
        var seed = Options.Seed("Seed for the evaluation's samples.", 0);
        var threads = Options.Threads();
        var command = new Command("evaluate", "Evaluate a checkpoint: test ELBO and IWAE bound on log p(x), in nats per image; for sprites also MIG, SAP, FactorVAE score and DCI.")
        {
            checkpoint, k, iwaeImages, maxTest, seed, threads,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var path = parse.GetValue(checkpoint)!;
            if (Directory.Exists(path)) path = Path.Combine(path, "checkpoint.ckpt");
            if (!File.Exists(path)) throw new CliException($"No checkpoint at '{path}'. Train one with `vaelab train --output <folder>`.");
            var info = Checkpoint.ReadInfo(path);
            var description = RunDescription.Parse(info.ModelDescription, path);
            Program.PrepareTorch(parse.GetValue(threads) ?? ThreadCount.Default);

            var network = description.Model.Create();
            Checkpoint.Load(path, network);
            network.eval();
            using var data = description.LoadData(1, parse.GetValue(maxTest));
            Console.WriteLine($"Checkpoint: {path} — {description.Model}, trained {info.Epoch} epoch(s) on {data.Name}");

            var summary = Evaluator.Evaluate(network, data.TestImages, seed: parse.GetValue(seed));
            Console.WriteLine($"Test {summary} per image over {summary.Count:N0} images (reconstruction loss {summary.ReconstructionLoss:F2})");
            if (network is IDiscreteCodeModel discrete)
            {
                var usage = DiscreteCodes.Usage(discrete, data.TestImages);
                Console.WriteLine($"Code usage on the test set: {usage.UsedCodes}/{usage.CodebookSize} codes used ({100 * usage.Usage:F1} %), perplexity {usage.Perplexity:F1}");
            }
            if (network is not IGaussianVae vae) return 0;
            if (description.Dataset == DatasetName.Sprites) PrintDisentanglement(vae, description.Sprites ?? new SpriteGrid(), parse.GetValue(seed));
            var count = (int)Math.Min(parse.GetValue(iwaeImages), data.TestImages.shape[0]);
            var kMax = parse.GetValue(k);
            var ks = new[] { 1, 10, 100, 1000, 5000 }.Where(x => x < kMax).Append(kMax).ToArray();
            var curve = VaeEvaluation.ImportanceWeighted(vae, data.TestImages.narrow(0, 0, count), ks, seed: parse.GetValue(seed));
            Console.WriteLine($"IWAE bound on log p(x), first {count:N0} test images:");
            for (var i = 0; i < ks.Length; i++) Console.WriteLine($"  k = {ks[i],5}: {curve.Bounds[i]:F2}");
            return 0;
        }));
        return command;
    }

    private static void PrintDisentanglement(IGaussianVae vae, SpriteGrid grid, int seed)
    {
        using var sprites = Sprites.FullGrid(grid);
        var settings = new DisentanglementSettings(Sap: new SapSettings(Seed: seed), FactorVae: new FactorVaeSettings(Seed: seed), Dci: new DciSettings(Seed: seed));
        var report = SpriteDisentanglement.Evaluate(vae, sprites, settings);
        var fv = report.FactorVae.Settings;
        Console.WriteLine($"Disentanglement on the full grid ({report.Images:N0} images, encoder means; {report.ActiveLatents()} of {report.LatentKl.Count} latents with KL > 0.1 nats):");
        Console.WriteLine($"  MIG {report.Mig.Mean:F3} (exact on the grid, {report.Mig.Bins} bins); per factor: " +
            string.Join(", ", report.Mig.FactorNames.Select((n, k) => $"{n} {report.Mig.PerFactor[k]:F3}")));
        Console.WriteLine($"  SAP {report.Sap.Mean:F3} (train {report.Sap.TrainCount:N0} / test {report.Sap.TestCount:N0} images; chance per factor ≈ 1/values)");
        Console.WriteLine($"  FactorVAE score {report.FactorVae.EvalAccuracy:F3} ({fv.TrainVotes} training / {fv.EvalVotes} evaluation votes of {fv.BatchSize} images; chance ≈ {1.0 / report.Mig.FactorNames.Count:F2})");
        Console.WriteLine($"  DCI disentanglement {report.Dci.Disentanglement:F3}, completeness {report.Dci.Completeness:F3}, informativeness {report.Dci.Informativeness:F3} " +
            $"(linear models, train {report.Dci.TrainCount:N0} / test {report.Dci.TestCount:N0}; the reference's boosted trees give different values)");
    }
}
