using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaeLab.Training;

/// <summary>
/// The name of a parameter group (a VAE-GAN's "encoder", "decoder", "discriminator"): the key of its loss in
/// <see cref="EpochMetrics.GroupLosses"/>. A group is named once, where it is built (<see cref="ParameterGroup"/> takes
/// the name as text, hence the conversion from a string); the records are keyed by this type, and files show the name.
/// </summary>
[JsonConverter(typeof(GroupNameJsonConverter))]
public readonly record struct GroupName
{
    public GroupName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A parameter group needs a name (e.g. \"encoder\"); got an empty one.");
        Name = name;
    }

    public string Name { get; }

    public static implicit operator GroupName(string name) => new(name);

    public override string ToString() => Name;
}

/// <summary>Writes a <see cref="GroupName"/> as its name, also as a dictionary key (metrics and checkpoints stay readable JSON).</summary>
public sealed class GroupNameJsonConverter : JsonConverter<GroupName>
{
    public override GroupName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, GroupName value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);

    public override GroupName ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, GroupName value, JsonSerializerOptions options) => writer.WritePropertyName(value.Name);
}
