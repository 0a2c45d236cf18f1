using System.Globalization;

namespace VaeLab.Training.Catalogue;

/// <summary>How a setting's value is written on the command line.</summary>
public enum SettingKind
{
    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A real number (invariant culture).</summary>
    Number,

    /// <summary>A switch: present or absent.</summary>
    Flag,

    /// <summary>One of a few words.</summary>
    Choice,

    /// <summary>Free text the setting parses itself (e.g. a list of levels).</summary>
    Text,
}

/// <summary>
/// One option of a catalogue entry that can be set by name (the command line's <c>--NAME VALUE</c>): what it is, how it is
/// written, and what values it accepts. <see cref="Check"/> gives the one-line error for a bad value.
/// </summary>
public abstract record ModelSetting(string Name, string Description, SettingKind Kind, IReadOnlyList<string>? Choices = null)
{
    /// <summary>Null when <paramref name="value"/> is acceptable, else the one-line error "--NAME must …; got …".</summary>
    public abstract string? Check(string value);
}

/// <summary>A setting of an entry whose options are <typeparamref name="TOptions"/>: a check and how a value changes the options.</summary>
public sealed record ModelSetting<TOptions>(string Name, string Description, SettingKind Kind, Func<string, string?> Checker,
    Func<TOptions, string, TOptions> Apply, IReadOnlyList<string>? Choices = null) : ModelSetting(Name, Description, Kind, Choices)
{
    public override string? Check(string value) => Checker(value);
}

/// <summary>Factories of the usual settings.</summary>
public static class Setting
{
    public static ModelSetting<T> Integer<T>(string name, string description, int minimum, Func<T, int, T> apply) =>
        new(name, description, SettingKind.Integer,
            v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= minimum ? null : $"--{name} must be at least {minimum}; got {v}.",
            (o, v) => apply(o, int.Parse(v, CultureInfo.InvariantCulture)));

    public static ModelSetting<T> Number<T>(string name, string description, Func<double, bool> valid, string rule, Func<T, double, T> apply) =>
        new(name, description, SettingKind.Number,
            v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && valid(x) ? null : $"--{name} must {rule}; got {v}.",
            (o, v) => apply(o, double.Parse(v, CultureInfo.InvariantCulture)));

    public static ModelSetting<T> Flag<T>(string name, string description, Func<T, T> apply) =>
        new(name, description, SettingKind.Flag, _ => null, (o, _) => apply(o));

    public static ModelSetting<T> Choice<T>(string name, string description, IReadOnlyList<string> choices, Func<T, string, T> apply) =>
        new(name, description, SettingKind.Choice,
            v => choices.Contains(v) ? null : $"--{name} must be one of {string.Join(", ", choices)}; got {v}.", apply, choices);

    public static ModelSetting<T> Text<T>(string name, string description, Func<string, string?> check, Func<T, string, T> apply) =>
        new(name, description, SettingKind.Text, check, apply);
}
