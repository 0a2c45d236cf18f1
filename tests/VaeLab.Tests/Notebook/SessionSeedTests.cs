using System.Text.Json.Nodes;
using VaeLab.Apps;
using VaeLab.Common;
using VaeLab.Notebook;
using VaeLab.Tests.Runner;
using static TorchSharp.torch;

namespace VaeLab.Tests.Notebook;

/// <summary>VAELAB_SEED: another session seed for a notebook, an app or the series, without editing the setup cell.</summary>
[Collection(VaeLab.Tests.Training.TorchGlobalState.Name)]
public class SessionSeedTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(" ", null)]
    [InlineData("0", 0)]
    [InlineData("2024", 2024)]
    [InlineData(" 7 ", 7)]
    [InlineData("2147483647", int.MaxValue)]
    public void The_variable_parses_to_a_seed_or_to_nothing(string? text, int? expected) =>
        Assert.Equal(expected, SessionSeed.Parse(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("4.5")]
    [InlineData("2147483648")]
    [InlineData("0x10")]
    public void A_bad_value_is_a_one_line_error_that_says_what_to_do(string text)
    {
        var message = Assert.Throws<ArgumentException>(() => SessionSeed.Parse(text)).Message;
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith($"VAELAB_SEED must be a whole number from 0 to 2147483647; got '{text}'", message);
        Assert.Contains("VAELAB_SEED=2024", message);
    }

    [Theory]
    [InlineData(null, null, 42, "default; VAELAB_SEED=N for another")]
    [InlineData(null, 2024, 2024, "from VAELAB_SEED")]
    [InlineData(7, null, 7, "set in the setup cell")]
    [InlineData(7, 7, 7, "set in the setup cell")]
    [InlineData(7, 2024, 7, "set in the setup cell; VAELAB_SEED=2024 not used")]
    public void The_setup_cell_argument_wins_then_the_variable_then_42(int? argument, int? environment, int seed, string source) =>
        Assert.Equal((seed, source), Session.ChooseSeed(argument, environment));

    [Theory]
    [InlineData(new[] { "--seed", "2024" }, 2024)]
    [InlineData(new[] { "--quick", "--seed", "0" }, 0)]
    [InlineData(new[] { "--quick" }, null)]
    public void An_app_takes_a_seed_option(string[] args, int? seed) => Assert.Equal(seed, AppOptions.Parse(args).Seed);

    [Theory]
    [InlineData(new[] { "--seed" }, "--seed needs a number")]
    [InlineData(new[] { "--seed", "x" }, "--seed must be a whole number from 0 to 2147483647; got 'x': e.g. --seed 2024.")]
    [InlineData(new[] { "--seed", "--quick" }, "--seed must be a whole number")]
    public void A_bad_app_seed_says_what_is_wrong(string[] args, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => AppOptions.Parse(args)).Message);

    [Fact]
    public void The_runner_and_the_library_read_the_variable_alike()
    {
        // The runner carries its own copy of the rule (it references no library assembly): same values, same messages.
        foreach (var text in new[] { null, "", "0", "2024", " 7 ", "2147483647" })
            Assert.Equal(SessionSeed.Parse(text), VaeLab.Runner.SeedChoice.Resolve(null, text));
        foreach (var text in new[] { "abc", "-1", "2147483648" })
            Assert.Equal(Assert.Throws<ArgumentException>(() => SessionSeed.Parse(text)).Message,
                Assert.Throws<ArgumentException>(() => VaeLab.Runner.SeedChoice.Resolve(null, text)).Message);
        Assert.Equal(SessionSeed.Default, VaeLab.Runner.SeedChoice.Default);
        Assert.Equal(SessionSeed.Variable, VaeLab.Runner.SeedChoice.Variable);
        Assert.Equal(5, VaeLab.Runner.SeedChoice.Resolve("5", "2024")); // --seed wins over the variable
    }

    [Fact]
    public void A_bad_seed_stops_the_runner_in_one_line_before_any_notebook()
    {
        var output = Directory.CreateTempSubdirectory("vaelab-seed-").FullName;
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["VAELAB_SEED"] = "forty-two" },
            "run", Path.Combine(AppContext.BaseDirectory, "Fixtures", "passing.ipynb"), "--output", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("VAELAB_SEED must be a whole number from 0 to 2147483647; got 'forty-two': unset it for seed 42, or set, e.g., VAELAB_SEED=2024.",
            result.Output.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(output));
    }

    /// <summary>
    /// The real thing: a notebook with the standard setup cell, run by the runner with <c>--seed 7</c>, says so in its
    /// session line and draws the numbers torch draws after <c>manual_seed(7)</c>; the copy goes beside the seed-42 run.
    /// </summary>
    [Fact]
    public void A_notebook_run_with_another_seed_uses_it_and_says_so()
    {
        var work = Directory.CreateTempSubdirectory("vaelab-seed-").FullName;
        var setup = File.ReadAllText(Path.Combine(RepositoryPaths.Notebooks, "README.md"));
        var nugetLines = string.Join("\n", setup.Split('\n').Where(l => l.StartsWith("#r \"nuget:", StringComparison.Ordinal)));
        var code = $$"""
            {{nugetLines}}
            #r "{{Path.Combine(RepositoryPaths.Root, "artifacts", "lib", "VaeLab.dll")}}"
            var session = VaeLab.Notebook.Session.Start();
            Console.WriteLine("seed " + session.Seed);
            Console.WriteLine("draw " + string.Join(" ", TorchSharp.torch.rand(3).data<float>().ToArray().Select(v => v.ToString("R"))));
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
        var path = Path.Combine(work, "seeded.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());

        var result = RunnerProcess.Run(TimeSpan.FromMinutes(5), "run", path, "--output", Path.Combine(work, "out"), "--quick", "--seed", "7");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("seed 7", result.Output);

        var executed = File.ReadAllText(Path.Combine(work, "out", "seeded.ipynb"));
        Assert.Contains("seed 7 (from VAELAB_SEED)", executed);
        manual_seed(7);
        var expected = "draw " + string.Join(" ", rand(3).data<float>().ToArray().Select(v => v.ToString("R")));
        Assert.Contains(expected, executed);
        Assert.Contains("\"Seed\": 7", File.ReadAllText(Path.Combine(work, "out", "summary-quick.json")));
    }

    [Theory]
    [InlineData(null, "notebooks")]
    [InlineData(42, "notebooks")]
    [InlineData(2024, "notebooks-seed-2024")]
    public void Another_seed_never_overwrites_the_seed_42_run(int? seed, string folder) =>
        Assert.Equal(folder, VaeLab.Runner.SeedChoice.DefaultOutputFolder(seed));
}
