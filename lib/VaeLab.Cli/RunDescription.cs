using System.Text.Json;
using System.Text.Json.Serialization;
using VaeLab.Data;
using VaeLab.Training;
using VaeLab.Training.Catalogue;

namespace VaeLab.Cli;

/// <summary>
/// What `train` stores in a checkpoint so `evaluate` can rebuild the model and its data: the catalogue entry and its
/// options (JSON of the entry's own options record), the data set (for the sprites their factor grid; the generated
/// sequences and graphs are drawn again from <see cref="DataSeed"/>), the optimizer, and how the KL term was weighted: β,
/// or a KL schedule spec (<c>cyclical:4:0.5</c>, see <c>KlSchedule.Parse</c>), and free bits in nats per latent dimension.
/// </summary>
internal sealed record RunDescription(string Model, string Options, string Dataset, double Beta, SpriteGrid? Sprites = null, string? KlSchedule = null,
    double? FreeBits = null, OptimizerChoice? Optimizer = null, int DataSeed = 0)
{
    [JsonIgnore]
    public ModelEntry Entry => ModelCatalogue.Find(Model);

    [JsonIgnore]
    public object ModelOptions => Entry.Deserialize(Options);

    /// <summary>"MLP VAE 784-400-20".</summary>
    [JsonIgnore]
    public string ModelText => Entry.Describe(ModelOptions);

    /// <summary>The KL weighting in words, e.g. "β = 1" or "KL schedule cyclical:4:0.5, free bits 0.25 nats per dimension".</summary>
    [JsonIgnore]
    public string Weighting =>
        (KlSchedule is null ? $"β = {Beta}" : $"KL schedule {KlSchedule}") + (FreeBits is double lambda ? $", free bits {lambda} nats per dimension" : "");

    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static RunDescription Parse(string text, string checkpoint)
    {
        try
        {
            var description = JsonSerializer.Deserialize<RunDescription>(text, Json) ?? throw new JsonException("empty");
            _ = description.ModelOptions;
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

/// <summary>Names on the command line: models come from the catalogue, data sets from <see cref="RunData"/>.</summary>
internal static class Names
{
    public static string[] Models => [.. ModelCatalogue.Names];

    /// <summary>The catalogue's image models (what `bench` measures on Fashion-MNIST).</summary>
    public static string[] ImageModels => [.. ModelCatalogue.All.Where(e => e.Data == DataKind.Images).Select(e => e.Name)];

    public static string[] DataSets => [.. RunData.DataSets.Keys];
}
