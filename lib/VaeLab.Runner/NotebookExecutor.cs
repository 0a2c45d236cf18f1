using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace VaeLab.Runner;

/// <summary>The first failing cell of a notebook.</summary>
/// <param name="CellNumber">1-based position among all cells, as a reader counts them.</param>
/// <param name="CodeCellNumber">1-based position among code cells.</param>
public sealed record CellFailure(int CellNumber, int CodeCellNumber, string Message);

/// <summary>Runs the code cells of one notebook, in order, in a C# kernel inside this process.</summary>
public sealed class NotebookExecutor
{
    private readonly TextWriter log;

    public NotebookExecutor(TextWriter log) => this.log = log;

    /// <summary>Executes <paramref name="notebook"/> in place (its outputs are replaced) and returns the first
    /// failure, or null. Cells after a failure are not run, as in a "Run All" that stops on error.</summary>
    public async Task<CellFailure?> ExecuteAsync(NotebookFile notebook, CancellationToken cancellation = default)
    {
        notebook.ClearOutputs();
        using var kernel = CreateKernel();
        var cells = notebook.Cells.OfType<JsonObject>().ToList();
        var codeCells = cells.Count(c => (string?)c["cell_type"] == "code");
        int executionCount = 0, codeIndex = 0;

        for (var position = 0; position < cells.Count; position++)
        {
            var cell = cells[position];
            if ((string?)cell["cell_type"] != "code") continue;
            codeIndex++;
            var source = NotebookFile.Source(cell);
            if (string.IsNullOrWhiteSpace(source)) continue;

            cell["execution_count"] = ++executionCount;
            var outputs = new CellOutputs();
            var clock = Stopwatch.StartNew();
            using (kernel.KernelEvents.Subscribe(outputs.Add))
            {
                await kernel.SendAsync(new SubmitCode(source), cancellation);
            }
            cell["outputs"] = outputs.ToJson();
            SetTiming(cell, clock.Elapsed);
            log.WriteLine($"  cell {position + 1} (code {codeIndex}/{codeCells}) {(outputs.Failure is null ? "ok" : "FAILED")} in {clock.Elapsed.TotalSeconds:F1} s");

            if (outputs.Failure is not null)
                return new CellFailure(position + 1, codeIndex, outputs.Failure);
        }
        return null;
    }

    private static void SetTiming(JsonObject cell, TimeSpan elapsed)
    {
        var metadata = cell["metadata"] as JsonObject ?? new JsonObject();
        metadata["vaelab"] = new JsonObject { ["seconds"] = Math.Round(elapsed.TotalSeconds, 2) };
        cell["metadata"] = metadata;
    }

    private static CompositeKernel CreateKernel()
    {
        // The same formatting defaults the dotnet-interactive tool sets for a notebook front end.
        Formatter.DefaultMimeType = HtmlFormatter.MimeType;
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);

        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    /// <summary>Collects a cell's kernel events as Jupyter outputs; display updates replace what they update.</summary>
    private sealed class CellOutputs
    {
        private readonly List<JsonObject> outputs = [];
        private readonly Dictionary<string, JsonObject> displays = [];
        private readonly object gate = new();

        public string? Failure { get; private set; }

        public void Add(KernelEvent e)
        {
            lock (gate)
            {
                switch (e)
                {
                    case DisplayedValueUpdated update when update.ValueId is not null && displays.TryGetValue(update.ValueId, out var shown):
                        shown["data"] = Data(update.FormattedValues);
                        break;
                    case ReturnValueProduced value:
                        outputs.Add(new JsonObject { ["output_type"] = "execute_result", ["execution_count"] = null, ["data"] = Data(value.FormattedValues), ["metadata"] = new JsonObject() });
                        break;
                    case DisplayedValueProduced display:
                        var output = new JsonObject { ["output_type"] = "display_data", ["data"] = Data(display.FormattedValues), ["metadata"] = new JsonObject() };
                        if (display.ValueId is not null) displays[display.ValueId] = output;
                        outputs.Add(output);
                        break;
                    case StandardOutputValueProduced stdout:
                        Stream("stdout", Text(stdout.FormattedValues));
                        break;
                    case StandardErrorValueProduced stderr:
                        Stream("stderr", Text(stderr.FormattedValues));
                        break;
                    case CommandFailed failed when failed.Command is SubmitCode:
                        Failure ??= failed.Message;
                        outputs.Add(new JsonObject
                        {
                            ["output_type"] = "error",
                            ["ename"] = failed.Exception?.GetType().Name ?? "Error",
                            ["evalue"] = failed.Message,
                            ["traceback"] = new JsonArray(failed.Message.Split('\n').Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
                        });
                        break;
                }
            }
        }

        public JsonArray ToJson()
        {
            lock (gate)
            {
                var array = new JsonArray();
                foreach (var output in outputs) array.Add(output.DeepClone());
                return array;
            }
        }

        private void Stream(string name, string text)
        {
            if (outputs.Count > 0 && outputs[^1] is { } last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
            {
                last["text"] = (string?)last["text"] + text;
                return;
            }
            outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
        }

        private static string Text(IReadOnlyCollection<FormattedValue> values) =>
            values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? values.FirstOrDefault()?.Value ?? "";

        private static JsonObject Data(IReadOnlyCollection<FormattedValue> values)
        {
            var data = new JsonObject();
            foreach (var value in values) data[value.MimeType] = value.Value;
            return data;
        }
    }
}
