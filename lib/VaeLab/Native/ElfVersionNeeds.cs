using System.Buffers.Binary;
using System.Text;

namespace VaeLab.Native;

/// <summary>One entry of an ELF file's <c>.gnu.version_r</c> table: "this library needs version
/// <see cref="Version"/> of <see cref="File"/>".</summary>
/// <param name="File">The library that must provide the version, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="IsWeak">Whether the need carries VER_FLG_WEAK: the loader then accepts its absence.</param>
/// <param name="FlagsOffset">Byte offset of the entry's <c>vna_flags</c> field in the file.</param>
public sealed record ElfVersionNeed(string File, string Version, bool IsWeak, long FlagsOffset);

/// <summary>
/// Reads the version needs (<c>Elf64_Verneed</c>/<c>Elf64_Vernaux</c>) and version definitions of a 64-bit
/// little-endian ELF shared library, and marks a need weak. This is all the ELF the native-load fix needs.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Lists every version need in <paramref name="path"/>.</summary>
    public static IReadOnlyList<ElfVersionNeed> ReadNeeds(string path)
    {
        var elf = File.ReadAllBytes(path);
        var needs = new List<ElfVersionNeed>();
        foreach (var section in Sections(elf, path).Where(s => s.Type == ShtGnuVerneed))
        {
            var strings = StringTable(elf, path, section.Link);
            long needOffset = section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                var count = U16(elf, needOffset + 2);
                var file = ReadString(elf, strings, U32(elf, needOffset + 4));
                long auxOffset = needOffset + U32(elf, needOffset + 8);
                for (var j = 0; j < count; j++)
                {
                    var flags = U16(elf, auxOffset + 4);
                    var name = ReadString(elf, strings, U32(elf, auxOffset + 8));
                    needs.Add(new ElfVersionNeed(file, name, (flags & VerFlagWeak) != 0, auxOffset + 4));
                    var nextAux = U32(elf, auxOffset + 12);
                    if (nextAux == 0) break;
                    auxOffset += nextAux;
                }
                var nextNeed = U32(elf, needOffset + 12);
                if (nextNeed == 0) break;
                needOffset += nextNeed;
            }
        }
        return needs;
    }

    /// <summary>Lists the version names a library defines (its <c>.gnu.version_d</c>), e.g. all GLIBCXX_* of libstdc++.</summary>
    public static IReadOnlySet<string> ReadDefinitions(string path)
    {
        var elf = File.ReadAllBytes(path);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in Sections(elf, path).Where(s => s.Type == ShtGnuVerdef))
        {
            var strings = StringTable(elf, path, section.Link);
            long defOffset = section.Offset;
            for (var i = 0; i < section.Info; i++)
            {
                long auxOffset = defOffset + U32(elf, defOffset + 12);
                names.Add(ReadString(elf, strings, U32(elf, auxOffset)));
                var next = U32(elf, defOffset + 16);
                if (next == 0) break;
                defOffset += next;
            }
        }
        return names;
    }

    /// <summary>
    /// Sets or clears VER_FLG_WEAK on the need for <paramref name="version"/>, writing a new file beside the old one
    /// and renaming it over, so a reader never sees a half-written library. Returns false when nothing had to change.
    /// </summary>
    public static bool SetWeak(string path, string version, bool weak = true)
    {
        var need = ReadNeeds(path).FirstOrDefault(n => n.Version == version)
            ?? throw new InvalidOperationException($"{path} has no version need '{version}'.");
        if (need.IsWeak == weak) return false;

        var bytes = File.ReadAllBytes(path);
        var flags = U16(bytes, need.FlagsOffset);
        flags = weak ? (ushort)(flags | VerFlagWeak) : (ushort)(flags & ~VerFlagWeak);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)need.FlagsOffset), flags);

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return true;
    }

    private readonly record struct Section(uint Type, long Offset, long Size, uint Link, uint Info);

    private static List<Section> Sections(byte[] elf, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{path} is not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");

        var sectionTable = (long)U64(elf, 0x28);
        var entrySize = U16(elf, 0x3A);
        var count = U16(elf, 0x3C);
        if (sectionTable <= 0 || sectionTable + (long)entrySize * count > elf.Length)
            throw new InvalidDataException($"{path} has a truncated ELF section table.");

        var sections = new List<Section>(count);
        for (var i = 0; i < count; i++)
        {
            var at = sectionTable + (long)i * entrySize;
            sections.Add(new Section(
                Type: U32(elf, at + 4),
                Offset: (long)U64(elf, at + 0x18),
                Size: (long)U64(elf, at + 0x20),
                Link: U32(elf, at + 0x28),
                Info: U32(elf, at + 0x2C)));
        }
        return sections;
    }

    private static Section StringTable(byte[] elf, string path, uint index)
    {
        var sections = Sections(elf, path);
        if (index >= sections.Count) throw new InvalidDataException($"{path} links to a missing string table.");
        return sections[(int)index];
    }

    private static string ReadString(byte[] elf, Section strings, uint offset)
    {
        var start = strings.Offset + offset;
        var end = start;
        while (end < elf.Length && elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static ushort U16(byte[] b, long at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan((int)at));
    private static uint U32(byte[] b, long at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)at));
    private static ulong U64(byte[] b, long at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)at));
}
