using System.CommandLine;
using VaeLab.Common;

namespace VaeLab.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class Options
{
    /// <summary>
    /// Adds a range check. A value that is not of the option's type is left to the parser, which reports it as a one-line
    /// error (reading it here would throw instead).
    /// </summary>
    public static void Require<T>(Option<T> option, Func<T, bool> isValid, Func<T, string> message)
    {
        option.Validators.Add(r =>
        {
            T value;
            try { value = r.GetValue(option)!; }
            catch (InvalidOperationException) { return; }
            if (!isValid(value)) r.AddError(message(value));
        });
    }

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        Require(option, v => v >= 1, v => $"{name} must be at least 1; got {v}.");
        return option;
    }

    public static Option<int> MmapThreshold()
    {
        var option = new Option<int>("--mmap-threshold")
        {
            Description = $"glibc mmap threshold in bytes; 0 keeps glibc's dynamic default (faster, more resident memory). Default {Defaults.MmapThreshold}, chosen by `vaelab bench`.",
            DefaultValueFactory = _ => Defaults.MmapThreshold,
        };
        Require(option, v => v >= 0, v => $"--mmap-threshold must be ≥ 0; got {v}.");
        return option;
    }

    public static Option<int?> Threads()
    {
        var option = new Option<int?>("--threads") { Description = $"Intra-op threads (default: {ThreadCount.Variable} if set, else 2, or 1 on a 1-core machine; measured by `vaelab bench`). Use 1 on a busy machine." };
        Require(option, v => v is not < 1, v => $"--threads must be at least 1; got {v}.");
        return option;
    }

    public static Option<int> Seed(string description, int defaultValue)
    {
        var option = new Option<int>("--seed") { Description = description, DefaultValueFactory = _ => defaultValue };
        Require(option, v => v >= 0, v => $"--seed must be ≥ 0; got {v}.");
        return option;
    }

    public static Option<int?> OptionalPositive(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        Require(option, v => v is not < 1, v => $"{name} must be at least 1; got {v}.");
        return option;
    }

    /// <summary>Creates the folder and checks a file can be written there, before any training time is spent.</summary>
    public static void EnsureWritableFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".vaelab-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write to the output folder '{folder}' ({e.Message.TrimEnd('.')}). Choose a writable folder with --output.");
        }
    }
}
