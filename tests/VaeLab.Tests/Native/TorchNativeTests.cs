using System.Runtime.InteropServices;
using TorchSharp;
using VaeLab.Native;

namespace VaeLab.Tests.Native;

public class TorchNativeTests
{
    private static string PackagedWrapper() => TorchNative.Locate().LibTorchSharp;

    private static bool SystemLacksGlibcxx()
    {
        var libStdCxx = TorchNative.FindLibStdCxx();
        return libStdCxx is not null && !ElfVersionNeeds.ReadDefinitions(libStdCxx).Contains(TorchNative.KnownUnusedGlibcxx);
    }

    [Fact]
    public void The_wrapper_needs_exactly_one_libstdcxx_version_newer_than_debian_12_provides()
    {
        var needs = ElfVersionNeeds.ReadNeeds(PackagedWrapper());
        var glibcxx = needs.Where(n => n.Version.StartsWith("GLIBCXX_", StringComparison.Ordinal)).Select(n => n.Version).ToList();
        Assert.Contains(TorchNative.KnownUnusedGlibcxx, glibcxx);
        var debian12 = Enumerable.Range(0, 31).Select(i => $"GLIBCXX_3.4.{i}").Append("GLIBCXX_3.4").ToHashSet();
        Assert.Equal([TorchNative.KnownUnusedGlibcxx], glibcxx.Where(v => !debian12.Contains(v)).ToList());
    }

    [Fact]
    public void Libstdcxx_definitions_are_read_from_the_elf_version_table()
    {
        var libStdCxx = TorchNative.FindLibStdCxx();
        Assert.NotNull(libStdCxx);
        var versions = ElfVersionNeeds.ReadDefinitions(libStdCxx!);
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("GLIBCXX_3.4.21", versions);
    }

    [Fact]
    public void Without_the_fix_the_wrapper_does_not_load_where_libstdcxx_is_old_and_with_it_it_does()
    {
        var dir = Directory.CreateTempSubdirectory("vaelab-native-");
        try
        {
            var strict = Path.Combine(dir.FullName, "strict", "libLibTorchSharp.so");
            Directory.CreateDirectory(Path.GetDirectoryName(strict)!);
            File.Copy(PackagedWrapper(), strict);
            ElfVersionNeeds.SetWeak(strict, TorchNative.KnownUnusedGlibcxx, weak: false); // as shipped in the package
            Assert.False(ElfVersionNeeds.ReadNeeds(strict).Single(n => n.Version == TorchNative.KnownUnusedGlibcxx).IsWeak);

            var fixedCopy = Path.Combine(dir.FullName, "fixed", "libLibTorchSharp.so");
            Directory.CreateDirectory(Path.GetDirectoryName(fixedCopy)!);
            File.Copy(strict, fixedCopy);
            Assert.True(TorchNative.WeakenUnusedNeed(fixedCopy));
            Assert.False(TorchNative.WeakenUnusedNeed(fixedCopy)); // idempotent: the second call changes nothing

            var strictLoads = NativeLibrary.TryLoad(strict, out _);
            Assert.Equal(!SystemLacksGlibcxx(), strictLoads);
            Assert.True(NativeLibrary.TryLoad(fixedCopy, out _), "the fixed wrapper must load");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Prepare_leaves_the_process_using_the_packaged_libtorch()
    {
        var report = TorchNative.Prepare();
        Assert.NotNull(report);
        Assert.Equal(SystemLacksGlibcxx(), !report!.SystemHasRequiredGlibcxx);
        Assert.StartsWith("2.10", torch.__version__);
        var mapped = File.ReadAllLines("/proc/self/maps").Where(l => l.EndsWith("libtorch_cpu.so", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).Distinct().ToList();
        Assert.Single(mapped);
        Assert.StartsWith(report.LibTorchDirectory, mapped[0]);
        using var x = torch.ones(2, 2);
        Assert.Equal(4f, x.sum().item<float>());
    }

    [Fact]
    public void A_file_that_is_not_elf_is_a_clear_error()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a library");
            var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.ReadNeeds(path));
            Assert.Contains("not an ELF file", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
