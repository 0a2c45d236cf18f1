using System.Text.Json;
using VaeLab.Data;
using VaeLab.Models;

namespace VaeLab.Cli;

/// <summary>
/// What `train` stores in a checkpoint so `evaluate` can rebuild the model and reload the data (for the sprites, the
/// factor grid they were generated on), and how the KL term was weighted: β, or a KL schedule spec
/// (<c>cyclical:4:0.5</c>, see <c>KlSchedule.Parse</c>), and free bits in nats per latent dimension (null: off).
/// </summary>
internal sealed record RunDescription(ModelSpec Model, DatasetName Dataset, double Beta, SpriteGrid? Sprites = null, string? KlSchedule = null, double? FreeBits = null)
{
    /// <summary>The run's data: MNIST-style sets from disk, the sprites generated from their grid.</summary>
    public ImageDataset LoadData(int? maxTrain, int? maxTest) => Dataset == DatasetName.Sprites
        ? SpriteImages.Load(Sprites ?? new SpriteGrid(), maxTrain, maxTest)
        : Datasets.Load(Dataset, maxTrain, maxTest);

    /// <summary>The KL weighting in words, e.g. "β = 1" or "KL schedule cyclical:4:0.5, free bits 0.25 nats per dimension".</summary>
    public string Weighting =>
        (KlSchedule is null ? $"β = {Beta}" : $"KL schedule {KlSchedule}") + (FreeBits is double lambda ? $", free bits {lambda} nats per dimension" : "");

    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static RunDescription Parse(string text, string checkpoint)
    {
        try
        {
            var description = JsonSerializer.Deserialize<RunDescription>(text, Json) ?? throw new JsonException("empty");
            ModelCatalogue.Find(description.Model.Name);
            return description;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"'{checkpoint}' was not written by this version of `vaelab train` (its model description is not readable: {e.Message}).");
        }
    }
}

/// <summary>A user-facing error: printed without a stack trace, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Names on the command line: models come from the catalogue.</summary>
internal static class Names
{
    public static string[] Models => [.. ModelCatalogue.Names];
    public static readonly string[] DataSets = ["mnist", "fashion-mnist", "sprites"];

    public static DatasetName DataSet(string name) => name switch
    {
        "mnist" => DatasetName.Mnist,
        "fashion-mnist" => DatasetName.FashionMnist,
        "sprites" => DatasetName.Sprites,
        _ => throw new CliException($"Unknown data set '{name}'; use one of: {string.Join(", ", DataSets)}."),
    };
}
