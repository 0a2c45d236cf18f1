using System.Text.Json;
using VaeLab.Data;
using VaeLab.Losses;
using VaeLab.Models;

namespace VaeLab.Cli;

/// <summary>What `train` stores in a checkpoint so `evaluate` can rebuild the model and reload the data.</summary>
internal sealed record RunDescription(VaeSpec Model, DatasetName Dataset, double Beta, DecoderKind Likelihood = DecoderKind.Bernoulli)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static RunDescription Parse(string text, string checkpoint)
    {
        try
        {
            return JsonSerializer.Deserialize<RunDescription>(text, Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new CliException($"'{checkpoint}' was not written by `vaelab train` (its model description is not readable: {e.Message}).");
        }
    }
}

/// <summary>A user-facing error: printed without a stack trace, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Names on the command line.</summary>
internal static class Names
{
    public static readonly string[] Models = ["mlp", "conv"];
    public static readonly string[] DataSets = ["mnist", "fashion-mnist"];

    public static VaeArchitecture Model(string name) => name switch
    {
        "mlp" => VaeArchitecture.Mlp,
        "conv" => VaeArchitecture.Conv,
        _ => throw new CliException($"Unknown model '{name}'; use one of: {string.Join(", ", Models)}."),
    };

    public static DatasetName DataSet(string name) => name switch
    {
        "mnist" => DatasetName.Mnist,
        "fashion-mnist" => DatasetName.FashionMnist,
        _ => throw new CliException($"Unknown data set '{name}'; use one of: {string.Join(", ", DataSets)}."),
    };

    public static string Of(VaeArchitecture model) => model == VaeArchitecture.Mlp ? "mlp" : "conv";
}
