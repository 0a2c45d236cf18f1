using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using VaeLab.Common;
using VaeLab.Models;
using VaeLab.Objectives;
using static TorchSharp.torch;

namespace VaeLab.Training.Catalogue;

/// <summary>How a catalogue model trains unless told otherwise.</summary>
/// <param name="FullBatch">Every example in one batch (the graph models: one graph, all its nodes at once).</param>
public sealed record TrainingDefaults(int Epochs = 10, int BatchSize = 128, double LearningRate = 1e-3, bool FullBatch = false);

/// <summary>A model built from the catalogue: the module the trainer steps, and the same object as a latent-variable model.</summary>
public sealed record TrainableModel(nn.Module<Tensor, ModelOutput> Module, ILatentVariableModel Latent);

/// <summary>
/// One trainable model of the catalogue: its name, the data it takes, its options (a record of its own type, with defaults
/// for the data and settings that can be given by name), how it is built, the objective it trains on by default (the ELBO
/// with its own terms weighted: VQ-VAE's commitment β = 0.25) and its default optimizer and training lengths. The command
/// line and the notebooks ask the entry; nothing outside it knows a model's options.
/// </summary>
public abstract class ModelEntry
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    protected ModelEntry(string name, string summary, DataKind data, OptimizerChoice? optimizer, TrainingDefaults? training)
    {
        Name = name;
        Summary = summary;
        Data = data;
        DefaultOptimizer = optimizer ?? OptimizerChoice.Adam;
        Training = training ?? new TrainingDefaults();
    }

    /// <summary>The catalogue name (the command line's --model).</summary>
    public string Name { get; }

    public string Summary { get; }

    /// <summary>The data it trains on.</summary>
    public DataKind Data { get; }

    public OptimizerChoice DefaultOptimizer { get; }

    public TrainingDefaults Training { get; }

    /// <summary>The record type of its options.</summary>
    public abstract Type OptionsType { get; }

    /// <summary>The options that can be set by name.</summary>
    public abstract IReadOnlyList<ModelSetting> Settings { get; }

    /// <summary>Whether the entry has a setting called <paramref name="name"/>.</summary>
    public bool Declares(string name) => Settings.Any(s => s.Name == name);

    /// <summary>The default options for <paramref name="data"/>, with the named settings applied (a one-line error for a setting the entry lacks or a bad value).</summary>
    public abstract object Options(ModelData data, IEnumerable<KeyValuePair<string, string>>? settings = null);

    /// <summary>The model for <paramref name="options"/> (of <see cref="OptionsType"/>), its weights drawn from <paramref name="seed"/>.</summary>
    public abstract TrainableModel Build(object options, ModelData data, int seed = 0);

    /// <summary>The objective the model trains on by default.</summary>
    public abstract Objective DefaultObjective(object options);

    /// <summary>One line naming the model and its sizes.</summary>
    public abstract string Describe(object options);

    /// <summary>The options as JSON (stored in checkpoints).</summary>
    public string Serialize(object options) => JsonSerializer.Serialize(options, OptionsType, Json);

    /// <summary>Options read back from <see cref="Serialize"/>'s JSON.</summary>
    public object Deserialize(string json) =>
        JsonSerializer.Deserialize(json, OptionsType, Json) ?? throw new JsonException($"No {OptionsType.Name} in '{json}'.");

    public override string ToString() => $"{Name}: {Summary}";
}

/// <summary>A catalogue entry with typed options and model, for code that names the model (a notebook: <c>ModelCatalogue.Vq.Create(…)</c>).</summary>
public sealed class ModelEntry<TOptions, TModel> : ModelEntry
    where TOptions : class
    where TModel : nn.Module<Tensor, ModelOutput>, ILatentVariableModel
{
    private readonly Func<ModelData, TOptions> defaults;
    private readonly Func<TOptions, ModelData, int, TModel> create;
    private readonly Func<TOptions, string> describe;
    private readonly Func<TOptions, Objective> objective;
    private readonly IReadOnlyList<ModelSetting<TOptions>> settings;

    /// <param name="create">Builds the model; called with torch's global generator seeded (and the seed, for models that draw from their own generator).</param>
    public ModelEntry(string name, string summary, DataKind data, Func<ModelData, TOptions> defaults, Func<TOptions, ModelData, int, TModel> create,
        Func<TOptions, string> describe, IReadOnlyList<ModelSetting<TOptions>> settings, Func<TOptions, Objective>? objective = null,
        OptimizerChoice? optimizer = null, TrainingDefaults? training = null) : base(name, summary, data, optimizer, training)
    {
        this.defaults = defaults;
        this.create = create;
        this.describe = describe;
        this.settings = settings;
        this.objective = objective ?? (_ => Objective.Elbo());
    }

    public override Type OptionsType => typeof(TOptions);

    public override IReadOnlyList<ModelSetting> Settings => settings;

    /// <summary>The default options for <paramref name="data"/>.</summary>
    public TOptions Defaults(ModelData data)
    {
        CheckData(data);
        return defaults(data);
    }

    /// <summary>The model, its weights drawn from <paramref name="seed"/> (torch's global generator is restored afterwards).</summary>
    public TModel Create(TOptions options, ModelData data, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckData(data);
        using var random = TorchRandom.Seeded(seed);
        return create(options, data, seed);
    }

    /// <summary>The objective the model trains on by default.</summary>
    public Objective DefaultObjective(TOptions options) => objective(options);

    public string Describe(TOptions options) => describe(options);

    public override object Options(ModelData data, IEnumerable<KeyValuePair<string, string>>? given = null)
    {
        var options = Defaults(data);
        foreach (var (name, value) in given ?? [])
        {
            var setting = settings.FirstOrDefault(s => s.Name == name)
                ?? throw new ArgumentException($"--{name} does not apply to {Name}; its settings are: {string.Join(", ", settings.Select(s => "--" + s.Name))}.");
            if (setting.Check(value) is string error) throw new ArgumentException(error);
            options = setting.Apply(options, value);
        }
        return options;
    }

    public override TrainableModel Build(object options, ModelData data, int seed = 0)
    {
        var model = Create(Typed(options), data, seed);
        return new TrainableModel(model, model);
    }

    public override Objective DefaultObjective(object options) => objective(Typed(options));

    public override string Describe(object options) => describe(Typed(options));

    private TOptions Typed(object options) => options as TOptions
        ?? throw new ArgumentException($"{Name} takes {typeof(TOptions).Name}; got {options?.GetType().Name ?? "null"}.");

    private void CheckData(ModelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Kind != Data) throw new ArgumentException($"{Name} trains on {Data.ToString().ToLowerInvariant()}, not {data.Kind.ToString().ToLowerInvariant()}.");
    }
}
