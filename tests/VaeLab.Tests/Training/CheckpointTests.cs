using VaeLab.Models;
using VaeLab.Training;
using static TorchSharp.torch;

namespace VaeLab.Tests.Training;

[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class CheckpointTests
{
    private static CheckpointInfo Info(int epoch) => new(epoch, new TrainingConfig(Seed: 3), "mlp", []);

    [Fact]
    public void RoundTripRestoresWeightsAndMetadata()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "model.ckpt");
        manual_seed(1);
        var original = new MlpVae(new MlpVaeOptions(HiddenSize: 8, LatentSize: 2));
        using var optimizer = optim.Adam(original.parameters());
        Checkpoint.Save(path, original, [optimizer], Info(4));

        manual_seed(2);
        var restored = new MlpVae(new MlpVaeOptions(HiddenSize: 8, LatentSize: 2));
        var info = Checkpoint.Load(path, restored);
        Assert.Equal(4, info.Epoch);
        Assert.Equal(3, info.Config.Seed);
        var x = rand(2, 784);
        Assert.True(original.Encode(x).Mean.equal(restored.Encode(x).Mean).all().item<bool>());
    }

    [Fact]
    public void AModelWithOtherLayersIsRefusedInOneLineThatSaysWhatToDo()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "model.ckpt");
        Checkpoint.Save(path, new MlpVae(new MlpVaeOptions(HiddenSize: 8, LatentSize: 2)), [], Info(1));
        using var other = new ConvVae(new ConvVaeOptions(LatentSize: 2, Channels1: 4, Channels2: 4));
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, other));
        Assert.Contains("does not fit this model", error.Message);
        Assert.Contains("train again", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ACrashMidSaveLeavesThePreviousCheckpointReadable()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "model.ckpt");
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 8, LatentSize: 2));
        Checkpoint.Save(path, model, [], Info(1));

        // The second save dies after writing part of its bytes.
        Assert.Throws<IOException>(() => VaeLab.Common.AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("simulated crash mid-save");
        }));

        Assert.Equal(1, Checkpoint.ReadInfo(path).Epoch);
        Assert.Single(Directory.GetFiles(folder.Path)); // no temporary file left behind
    }

    [Fact]
    public void ATruncatedCheckpointIsReportedNotHalfLoaded()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "model.ckpt");
        var model = new MlpVae(new MlpVaeOptions(HiddenSize: 8, LatentSize: 2));
        Checkpoint.Save(path, model, [], Info(1));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, model));
        Assert.Contains("damaged", error.Message);
    }
}
