using System.Text.Json.Nodes;
using VaeLab.Tests.Runner;

namespace VaeLab.Tests.Native;

/// <summary>
/// Debian's python3-torch puts a libtorch 1.13 <c>libtorch_cpu.so</c> in the library path. TorchSharp loads
/// <c>torch_cpu</c> by bare name first, so in a notebook kernel (TorchSharp loaded from the NuGet cache) the
/// system copy would win. This test plants an impostor <c>libtorch_cpu.so</c> in LD_LIBRARY_PATH and runs a
/// notebook through the runner, as VS Code's kernel would: the session must still use the package's libtorch.
/// </summary>
public class SystemLibtorchTests
{
    [Fact]
    public void A_libtorch_in_the_library_path_does_not_hijack_a_notebook()
    {
        var work = Directory.CreateTempSubdirectory("vaelab-hijack-").FullName;
        var impostorDir = Directory.CreateDirectory(Path.Combine(work, "system-lib")).FullName;
        // Any real shared library will do as the impostor: loaded under the name libtorch_cpu.so it lacks every
        // symbol LibTorchSharp needs, so if it were picked, loading TorchSharp would fail.
        var someLibrary = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 6 && Path.GetFileName(p[5]).StartsWith("libz.so", StringComparison.Ordinal)).Select(p => p[5]).FirstOrDefault()
            ?? new[] { "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1" }.First(File.Exists);
        File.Copy(someLibrary, Path.Combine(impostorDir, "libtorch_cpu.so"));

        var library = Path.Combine(RepositoryPaths.Root, "artifacts", "lib", "VaeLab.dll");
        var setup = File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, "README.md"));
        var nugetLines = string.Join("\n", setup.Split('\n').Where(l => l.StartsWith("#r \"nuget:", StringComparison.Ordinal)));
        var code = $$"""
            {{nugetLines}}
            #r "{{library}}"
            var session = VaeLab.Notebook.Session.Start();
            var mapped = System.IO.File.ReadAllLines("/proc/self/maps").Where(l => l.Contains("libtorch_cpu.so")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).Distinct();
            Console.WriteLine("libtorch " + TorchSharp.torch.__version__);
            foreach (var path in mapped) Console.WriteLine("mapped " + path);
            Console.WriteLine("sum " + TorchSharp.torch.ones(3).sum().item<float>());
            """;
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(new JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(),
                ["source"] = code,
            }),
            ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        var path = Path.Combine(work, "hijack.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());

        var result = RunnerProcess.Run(TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = impostorDir },
            "run", path, "--output", Path.Combine(work, "out"), "--quick");

        Assert.True(result.ExitCode == 0, result.Output);
        var executed = File.ReadAllText(Path.Combine(work, "out", "hijack.ipynb"));
        Assert.Contains("libtorch 2.10", executed);
        Assert.Contains("sum 3", executed);
        Assert.DoesNotContain(impostorDir, executed);
        Assert.Contains("libtorch-cpu-linux-x64", executed);
    }
}
