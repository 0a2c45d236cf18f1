using System.CommandLine;
using VaeLab.Cli;
using VaeLab.Data;
using VaeLab.Native;
using VaeLab.Training;

if (Allocator.RelaunchIfWanted(args) is int exitCode) return exitCode;

var root = new RootCommand("vaelab: train, evaluate and benchmark the VaeLab VAEs.")
{
    TrainCommand.Create(),
    EvaluateCommand.Create(),
};
foreach (var command in BenchCommand.Create()) root.Subcommands.Add(command);
return root.Parse(args).Invoke();

namespace VaeLab.Cli
{
    internal static partial class Program
    {
        /// <summary>Loads TorchSharp's native libraries (with the Debian 12 fix) before any tensor, and sets threads.</summary>
        public static void PrepareTorch(int threads, int mmapThreshold = 0)
        {
            // Before the first tensor, so every libtorch buffer is allocated under the same rule (glibc only).
            if (mmapThreshold > 0 && Allocator.Current == "glibc" && !GlibcMalloc.SetMmapThreshold(mmapThreshold))
                Console.Error.WriteLine("warning: could not set glibc's mmap threshold (not glibc?); memory use may be higher.");
            TorchNative.Prepare();
            TorchSharp.torch.set_num_threads(threads);
        }

        /// <summary>Runs a command, turning expected failures into one-line messages and exit codes.</summary>
        public static int Guard(Func<int> action)
        {
            try
            {
                return action();
            }
            catch (Exception e) when (e is CliException or ArgumentException or DatasetException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (NonFiniteLossException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }
    }
}
