using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VaeLab.Training;

/// <summary>Writes a run's per-epoch metrics as CSV (one row per epoch) and JSON (everything), atomically.</summary>
public static class MetricsFile
{
    public static void WriteCsv(string path, IReadOnlyList<EpochMetrics> history)
    {
        var csv = new StringBuilder("epoch,train_loss,train_elbo,train_reconstruction,train_kl,test_elbo,test_reconstruction,test_kl,seconds,images_per_second\n");
        foreach (var m in history)
            csv.AppendLine(string.Join(',', new object?[]
            {
                m.Epoch, m.TrainLoss, m.TrainElbo, m.TrainReconstruction, m.TrainKl, m.TestElbo, m.TestReconstruction, m.TestKl, m.Seconds, m.ImagesPerSecond,
            }.Select(v => v switch
            {
                null => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => Convert.ToString(v, CultureInfo.InvariantCulture),
            })));
        WriteAtomically(path, csv.ToString());
    }

    public static void WriteJson(string path, IReadOnlyList<EpochMetrics> history) =>
        WriteAtomically(path, JsonSerializer.Serialize(history, Checkpoint.Json));

    public static IReadOnlyList<EpochMetrics> ReadJson(string path) =>
        JsonSerializer.Deserialize<List<EpochMetrics>>(File.ReadAllText(path), Checkpoint.Json)
        ?? throw new InvalidDataException($"'{path}' holds no metrics.");

    private static void WriteAtomically(string path, string text) =>
        Checkpoint.WriteAtomically(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
}
