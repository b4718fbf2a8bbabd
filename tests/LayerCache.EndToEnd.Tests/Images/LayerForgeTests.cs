using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Images;

namespace LayerCache.EndToEnd.Tests.Images;

public sealed class LayerForgeTests
{
    private static readonly byte[] Program = StartProgram.For(new Platform("linux", "amd64"));
    private static readonly Digest Nginx = CorpusDigest("nginx-base");
    private static readonly Digest Redis = CorpusDigest("redis-base");

    [Fact]
    public void Forge_SameInputs_SameDigestAndDiffId()
    {
        using var first = new LayerForge(7, Program).Forge(Nginx, 100_000, withStartProgram: true);
        using var second = new LayerForge(7, Program).Forge(Nginx, 100_000, withStartProgram: true);

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.DiffId, second.DiffId);
        Assert.True(first.Blob.Span.SequenceEqual(second.Blob.Span));
    }

    [Fact]
    public void Forge_OtherCorpusDigestOrSeed_OtherFill()
    {
        using var layer = new LayerForge(7, Program).Forge(Nginx, 10_000, withStartProgram: false);
        using var otherDigest = new LayerForge(7, Program).Forge(Redis, 10_000, withStartProgram: false);
        using var otherSeed = new LayerForge(8, Program).Forge(Nginx, 10_000, withStartProgram: false);

        Assert.NotEqual(Fill(layer), Fill(otherDigest));
        Assert.NotEqual(Fill(layer), Fill(otherSeed));
        Assert.NotEqual(layer.Digest, otherSeed.Digest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(3_000_001)]
    public void Forge_FillSize_TarHoldsOneFileOfThatSizeAndTheBlobIsAboutAsLarge(long fillBytes)
    {
        using var layer = new LayerForge(1, Program).Forge(Nginx, fillBytes, withStartProgram: false);

        var entries = Entries(layer);
        var fill = Assert.Single(entries);
        Assert.Equal("lc-fill-" + Nginx.Hex, fill.Name);
        Assert.Equal(fillBytes, fill.Content.Length);
        Assert.InRange(layer.SizeBytes, fillBytes, fillBytes + 4096 + (fillBytes / 1000));
    }

    [Fact]
    public void Forge_BaseLayer_CarriesTheStartProgramExecutableAfterTheFill()
    {
        using var layer = new LayerForge(1, Program).Forge(Nginx, 1000, withStartProgram: true);

        var entries = Entries(layer);
        Assert.Equal(["lc-fill-" + Nginx.Hex, "lc-start"], entries.Select(e => e.Name));
        Assert.Equal(Program, entries[1].Content);
        Assert.Equal((UnixFileMode)0b111_101_101, entries[1].Mode);
    }

    [Fact]
    public void Forge_AnyLayer_DiffIdIsSha256OfTheTarAndDigestOfTheBlob()
    {
        using var layer = new LayerForge(3, Program).Forge(Redis, 70_000, withStartProgram: true);

        Assert.Equal(Digest.FromHash(SHA256.HashData(layer.Blob.Span)), layer.Digest);
        Assert.Equal(Digest.FromHash(SHA256.HashData(Tar(layer))), layer.DiffId);
        Assert.Equal(layer.Digest, layer.ToLayer().Digest);
        Assert.Equal(Layer.OciGzipMediaType, layer.ToLayer().MediaType);
    }

    [Fact]
    public void Forge_Fill_DoesNotCompress()
    {
        using var layer = new LayerForge(3, Program).Forge(Redis, 1_000_000, withStartProgram: false);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Fill(layer));
        }

        Assert.True(compressed.Length > 999_000, $"the fill compressed to {compressed.Length} bytes");
    }

    [Theory]
    [InlineData(1000, 0.01, 10)]
    [InlineData(150, 0.01, 2)]
    [InlineData(22, 0.01, 0)]
    [InlineData(0, 0.5, 0)]
    public void ScaledSize_CorpusBytes_RoundsHalfAwayFromZero(long corpusBytes, double scale, long expected) =>
        Assert.Equal(expected, LayerUploads.ScaledSize(corpusBytes, scale));

    internal static Digest CorpusDigest(string name) => Digest.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    private static byte[] Tar(ForgedLayer layer)
    {
        using var gzip = new GZipStream(new MemoryStream(layer.Blob.ToArray()), CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        return tar.ToArray();
    }

    private static byte[] Fill(ForgedLayer layer) => Entries(layer)[0].Content;

    private static List<(string Name, UnixFileMode Mode, byte[] Content)> Entries(ForgedLayer layer)
    {
        using var reader = new TarReader(new MemoryStream(Tar(layer)));
        var entries = new List<(string, UnixFileMode, byte[])>();
        while (reader.GetNextEntry() is { } entry)
        {
            Assert.Equal(TarEntryType.RegularFile, entry.EntryType);
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add((entry.Name, entry.Mode, content.ToArray()));
        }

        return entries;
    }
}
