using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using VaeLab.Training;

namespace VaeLab.Notebook;

/// <summary>
/// The .NET Interactive kernel, when there is one. The library references it privately: a notebook kernel has it
/// loaded, while a compiled program built on the library (the file-based apps in <c>apps/</c>) does not carry it.
/// Every use of its types sits behind <see cref="IsAvailable"/> in methods of their own, so the runtime never needs
/// the assembly where it is absent.
/// </summary>
public static class NotebookHost
{
    private static readonly Lazy<bool> Available = new(Probe);

    /// <summary>True when the .NET Interactive assembly can be loaded in this process.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>True inside a running kernel command (a notebook cell), false in a program or a test.</summary>
    public static bool InCell => IsAvailable && CurrentContextExists();

    /// <summary>Registers the display formatters and the live training display; nothing without a host.</summary>
    internal static void Install()
    {
        if (!IsAvailable)
        {
            TrainingProgress.UseFactory(() => new ConsoleProgress());
            return;
        }
        InstallWithHost();
    }

    /// <summary>Shows a value in the current cell when there is one, else prints it.</summary>
    internal static void Show(string text)
    {
        if (InCell) DisplayInCell(text);
        else Console.WriteLine(text);
    }

    /// <summary>True when neither .NET Interactive nor Roslyn can be loaded in this process: an ordinary compiled
    /// program (what the file-based apps must be).</summary>
    public static bool ProgramCarriesNoHost() =>
        !new[] { "Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive.CSharp", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp.Scripting" }
            .Any(CanLoad);

    private static bool CanLoad(string assembly)
    {
        try
        {
            Assembly.Load(assembly);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
    }

    private static bool Probe() => CanLoad("Microsoft.DotNet.Interactive") && CanLoad("Microsoft.DotNet.Interactive.Formatting");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InstallWithHost()
    {
        Formatters.Register();
        TrainingProgress.UseFactory(() => KernelInvocationContext.Current is not null ? new NotebookProgress() : new ConsoleProgress());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool CurrentContextExists() => KernelInvocationContext.Current is not null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DisplayInCell(string text) => Kernel.display(text);
}
