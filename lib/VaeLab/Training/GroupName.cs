using System.Text.Json.Serialization;
using VaeLab.Common;

namespace VaeLab.Training;

/// <summary>
/// The name of a parameter group (a VAE-GAN's "encoder", "decoder", "discriminator"): the key of its loss in
/// <see cref="EpochMetrics.GroupLosses"/>. A group is named once, where it is built (<see cref="ParameterGroup"/> takes
/// the name as text, hence the conversion from a string); the records are keyed by this type, and files show the name.
/// </summary>
[JsonConverter(typeof(NameJsonConverter<GroupName>))]
public readonly record struct GroupName : INamedKey<GroupName>
{
    public GroupName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A parameter group needs a name (e.g. \"encoder\"); got an empty one.");
        Name = name;
    }

    public string Name { get; }

    public static GroupName FromName(string name) => new(name);

    public static implicit operator GroupName(string name) => new(name);

    public override string ToString() => Name;
}
