using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaeLab.Common;

/// <summary>A typed name (a model's term, a parameter group): what files show, and how it is read back.</summary>
public interface INamedKey<TSelf> where TSelf : INamedKey<TSelf>
{
    string Name { get; }

    /// <summary>The value with this name (a one-line error for a name that cannot be one).</summary>
    static abstract TSelf FromName(string name);
}

/// <summary>
/// Writes a typed name as its text, also as a dictionary key, so metrics files and checkpoints stay plain, readable JSON
/// (<c>{"kl": 3.2}</c>) and read back as the type.
/// </summary>
public sealed class NameJsonConverter<T> : JsonConverter<T> where T : INamedKey<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.FromName(reader.GetString()!);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.FromName(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.Name);
}
