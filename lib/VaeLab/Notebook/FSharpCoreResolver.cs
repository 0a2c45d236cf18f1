using System.Reflection;
using System.Runtime.Loader;

namespace VaeLab.Notebook;

/// <summary>
/// Plotly.NET 6.0.0 is compiled against FSharp.Core 10.1; the .NET Interactive kernel already carries FSharp.Core
/// 10.0. Two FSharp.Core copies cannot live in one load context, so when the runtime cannot bind the newer version
/// we hand it the one already loaded (the API Plotly.NET uses is the same in both).
/// </summary>
public static class FSharpCoreResolver
{
    private static int installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name != "FSharp.Core") return null;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name == "FSharp.Core")
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
