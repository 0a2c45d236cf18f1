using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp.Modules;
using VaeLab.Common;
using static TorchSharp.torch;

namespace VaeLab.Training;

/// <summary>What a checkpoint records besides the weights: where the run was and how it was configured.</summary>
public sealed record CheckpointInfo(int Epoch, TrainingConfig Config, string ModelDescription, IReadOnlyList<EpochMetrics> History);

/// <summary>
/// Single-file checkpoints (metadata JSON, model weights, optimizer state, SHA-256 of it all), written atomically
/// (<see cref="AtomicFile"/>): a crash mid-save leaves the previous checkpoint intact; a truncated or corrupted file
/// is detected by the checksum instead of loading half a model.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "VAELABCK"u8.ToArray();
    // 2: typed term names and applied weights in the history, several optimizers (one per parameter group).
    private const int FormatVersion = 2;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Save(string path, nn.Module model, IReadOnlyList<OptimizerHelper> optimizers, CheckpointInfo info) =>
        AtomicFile.Write(path, stream => Write(stream, model, optimizers, info));

    /// <summary>Loads weights (and the optimizers' states when given, in the order saved) into existing objects; returns the metadata.</summary>
    public static CheckpointInfo Load(string path, nn.Module model, IReadOnlyList<OptimizerHelper>? optimizers = null)
    {
        var (info, modelBytes, optimizerBytes) = ReadSections(path);
        using (var reader = new BinaryReader(new MemoryStream(modelBytes)))
        {
            try
            {
                model.load(reader);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException(
                    $"Checkpoint '{path}' does not fit this model ({e.Message.Split('\n')[0]}): it was written by a model with other layers or sizes (other settings, or an earlier version of the model); build the model it describes, or train again.", e);
            }
        }
        if (optimizers is { Count: > 0 } && optimizerBytes.Length > 0)
        {
            using var reader = new BinaryReader(new MemoryStream(optimizerBytes));
            var stored = reader.ReadInt32();
            if (stored != optimizers.Count)
                throw new InvalidDataException($"Checkpoint '{path}' holds {stored} optimizer state(s) but this run has {optimizers.Count} parameter group(s); resume with the same groups.");
            foreach (var optimizer in optimizers)
                using (var section = new BinaryReader(new MemoryStream(reader.ReadBytes(checked((int)reader.ReadInt64()))))) optimizer.load_state_dict(section);
        }
        return info;
    }

    /// <summary>Reads only the metadata (after verifying the checksum).</summary>
    public static CheckpointInfo ReadInfo(string path) => ReadSections(path).Info;

    private static void Write(Stream stream, nn.Module model, IReadOnlyList<OptimizerHelper> optimizers, CheckpointInfo info)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(info, Json);
        var modelBytes = ToBytes(writer => model.save(writer));
        var optimizerBytes = optimizers.Count == 0 ? [] : ToBytes(writer =>
        {
            writer.Write(optimizers.Count);
            foreach (var optimizer in optimizers)
            {
                var state = ToBytes(optimizer.save_state_dict);
                writer.Write((long)state.Length);
                writer.Write(state);
            }
        });

        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            foreach (var section in new[] { json, modelBytes, optimizerBytes })
            {
                writer.Write((long)section.Length);
                writer.Write(section);
            }
        }
        var bytes = body.ToArray();
        stream.Write(bytes);
        stream.Write(SHA256.HashData(bytes));
    }

    private static (CheckpointInfo Info, byte[] Model, byte[] Optimizer) ReadSections(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
        var bytes = File.ReadAllBytes(path);
        const int hashLength = 32;
        if (bytes.Length < Magic.Length + 4 + hashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a VaeLab checkpoint (or is truncated).");
        var body = bytes.AsSpan(0, bytes.Length - hashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashLength)))
            throw new InvalidDataException($"Checkpoint '{path}' is damaged (checksum mismatch): it was cut short or altered. Use an earlier checkpoint or retrain.");

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length));
        reader.ReadBytes(Magic.Length);
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"Checkpoint '{path}' has format version {version}; this build reads {FormatVersion}. Retrain, or evaluate it with the version that wrote it.");
        byte[] Next() => reader.ReadBytes(checked((int)reader.ReadInt64()));
        var info = JsonSerializer.Deserialize<CheckpointInfo>(Next(), Json)
                   ?? throw new InvalidDataException($"Checkpoint '{path}' has no metadata.");
        return (info, Next(), Next());
    }

    private static byte[] ToBytes(Action<BinaryWriter> save)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true)) save(writer);
        return memory.ToArray();
    }
}
