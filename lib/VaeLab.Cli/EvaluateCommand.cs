using System.CommandLine;
using VaeLab.Common;
using VaeLab.Data;
using VaeLab.Distributions;
using VaeLab.Evaluation;
using VaeLab.Evaluation.Disentanglement;
using VaeLab.Training;
using VaeLab.Training.Catalogue;

namespace VaeLab.Cli;

/// <summary>
/// `vaelab evaluate`: the test terms and the importance-weighted bound of a checkpoint written by `train`, and what its data
/// can say beyond them: code usage of a discrete-code model, the disentanglement metrics (MIG, SAP, FactorVAE score, DCI)
/// of a sprites model, the exact likelihood of the generated sequences, link prediction on a graph.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint.ckpt written by `vaelab train` (or its folder)." };
        var k = Options.Positive("--k", "Importance samples for the IWAE bound (Burda et al. 2015).", 1000);
        var iwaeImages = Options.Positive("--iwae-images", "Test examples for the IWAE bound (it costs k decoder passes per example).", 200);
        var maxTest = Options.OptionalPositive("--max-test", "Use only the first N test examples for the ELBO.");
        var seed = Options.Seed("Seed for the evaluation's samples.", 0);
        var threads = Options.Threads();
        var command = new Command("evaluate", "Evaluate a checkpoint: test ELBO and IWAE bound on log p(x), in nats per example; for sprites also MIG, SAP, FactorVAE score and DCI.")
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

            var entry = description.Entry;
            var isGraph = entry.Data == DataKind.Graph;
            using var data = RunData.Load(description.Dataset, description.Sprites, isGraph ? null : 1, isGraph ? null : parse.GetValue(maxTest), description.DataSeed);
            var model = entry.Build(description.ModelOptions, data.ModelData);
            Checkpoint.Load(path, model.Module);
            model.Module.eval();
            Console.WriteLine($"Checkpoint: {path} — {description.ModelText}, trained {info.Epoch} epoch(s) on {data.Name}");

            var evaluationSeed = parse.GetValue(seed);
            var summary = Evaluator.Evaluate(model.Module, data.Test, seed: evaluationSeed);
            Console.WriteLine($"Test {summary} per example over {summary.Count:N0} examples (reconstruction loss {summary.ReconstructionLoss:F2})");
            if (model.Latent.Prior is CodebookPrior)
            {
                var usage = DiscreteCodes.Usage(model.Latent, data.Test);
                Console.WriteLine($"Code usage on the test set: {usage.UsedCodes}/{usage.CodebookSize} codes used ({100 * usage.Usage:F1} %), perplexity {usage.Perplexity:F1}");
            }
            if (description.Dataset == "sprites" && model.Latent.Prior is StandardNormal) PrintDisentanglement(model, description.Sprites ?? new SpriteGrid(), evaluationSeed);
            foreach (var line in data.Report(model)) Console.WriteLine(line);
            if (summary.KlMethod is not KlMethod.ClosedForm and not KlMethod.MonteCarlo)
                return 0;   // a point-mass posterior (or none): the bound is the ELBO for every k
            var count = isGraph ? (int)data.Test.shape[0] : (int)Math.Min(parse.GetValue(iwaeImages), data.Test.shape[0]);
            var kMax = parse.GetValue(k);
            var ks = new[] { 1, 10, 100, 1000, 5000 }.Where(x => x < kMax).Append(kMax).ToArray();
            var curve = VaeEvaluation.ImportanceWeighted(model.Latent, data.Test.narrow(0, 0, count), ks, batchSize: isGraph ? count : 100, seed: evaluationSeed);
            Console.WriteLine(isGraph ? "IWAE bound on log p(A) per node:" : $"IWAE bound on log p(x), first {count:N0} test examples:");
            for (var i = 0; i < ks.Length; i++) Console.WriteLine($"  k = {ks[i],5}: {curve.Bounds[i]:F2}");
            return 0;
        }));
        return command;
    }

    private static void PrintDisentanglement(TrainableModel model, SpriteGrid grid, int seed)
    {
        using var sprites = Sprites.FullGrid(grid);
        var settings = new DisentanglementSettings(Sap: new SapSettings(Seed: seed), FactorVae: new FactorVaeSettings(Seed: seed), Dci: new DciSettings(Seed: seed));
        var report = SpriteDisentanglement.Evaluate(model.Latent, sprites, settings);
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
