using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using LayerCache.Core.Model;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// Builds the real layer that stands for one corpus layer: a ustar archive holding one file of seeded random bytes
/// (<c>lc-fill-{corpus digest hex}</c>) and, in base layers, the start program; gzip'd. The same seed, corpus digest and
/// size give the same bytes on every run and machine, so a rerun pushes nothing new and two images that share a corpus layer
/// share the real one.
/// </summary>
internal sealed class LayerForge(long seed, byte[] startProgram)
{
    private const string FillPrefix = "lc-fill-";

    // Fixed so the tar, and with it the diff_id and digest, do not depend on when the layer was built.
    private static readonly DateTimeOffset ModificationTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public long Seed => seed;

    /// <summary>The layer standing for <paramref name="corpusLayer"/>, with a fill file of <paramref name="fillBytes"/>.</summary>
    public ForgedLayer Forge(Digest corpusLayer, long fillBytes, bool withStartProgram)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fillBytes);
        var tarBytes = fillBytes + (4 * 512) + startProgram.Length;
        if (tarBytes + (tarBytes / 1000) + 4096 > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(fillBytes), fillBytes, "A forged layer is held in one array: scale the corpus sizes down.");
        }

        var blob = new PooledBlobStream((int)(tarBytes + (tarBytes / 1000) + 1024));
        try
        {
            using var diffId = SHA256.Create();

            // Stored deflate blocks: the fill is random, so compressing would spend CPU to find nothing, and the blob's size
            // stays the scaled size (plus 5 bytes per 64 KiB) that the run's transfer volumes are planned on.
            using (var gzip = new GZipStream(blob, CompressionLevel.NoCompression, leaveOpen: true))
            using (var hashed = new CryptoStream(gzip, diffId, CryptoStreamMode.Write, leaveOpen: true))
            {
                WriteTar(hashed, corpusLayer, fillBytes, withStartProgram);
                hashed.FlushFinalBlock();
            }

            var digest = Digest.FromHash(SHA256.HashData(blob.Written.Span));
            return new ForgedLayer(digest, Digest.FromHash(diffId.Hash!), fillBytes, blob);
        }
        catch
        {
            blob.Dispose();
            throw;
        }
    }

    // Entries in name order (lc-fill-… before lc-start), as reproducible tar builders write them.
    private void WriteTar(Stream destination, Digest corpusLayer, long fillBytes, bool withStartProgram)
    {
        using var tar = new TarWriter(destination, TarEntryFormat.Ustar, leaveOpen: true);
        using (var fill = new FillStream(seed, corpusLayer, fillBytes))
        {
            tar.WriteEntry(Entry(FillPrefix + corpusLayer.Hex, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, fill));
        }

        if (withStartProgram)
        {
            using var program = new MemoryStream(startProgram, writable: false);
            var executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            tar.WriteEntry(Entry(StartProgram.PathInImage.TrimStart('/'), executable, program));
        }
    }

    private static UstarTarEntry Entry(string name, UnixFileMode mode, Stream content) => new(TarEntryType.RegularFile, name)
    {
        ModificationTime = ModificationTime,
        Mode = mode,
        Uid = 0,
        Gid = 0,
        DataStream = content,
    };
}
