using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using LayerCache.Core.Model;
using LayerCache.Registry;

namespace LayerCache.Testing.Registry;

/// <summary>
/// Builds synthetic images that containerd can unpack: layers are gzip'd tars of one random file (deterministic from the seed),
/// configs name this machine's platform and the layers' diff_ids, manifests and indexes use OCI or Docker media types.
/// Layers are values: pass the same <see cref="TestLayer"/> to several images to share a base layer.
/// </summary>
public sealed class OciImageBuilder(int seed)
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(seed);
    private int _layerCount;

    public TestLayer CreateLayer(int fileSizeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileSizeBytes);
        var content = new byte[fileSizeBytes];
        _random.NextBytes(content);
        return CreateLayer($"layercache/layer-{seed}-{_layerCount++}.bin", content, (UnixFileMode)0b110_100_100);
    }

    /// <summary>A layer of the folder <c>layercache/</c> holding one file, <paramref name="path"/> (a program when <paramref name="mode"/> lets it run).</summary>
    public static TestLayer CreateLayer(string path, byte[] content, UnixFileMode mode)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var directory = new UstarTarEntry(TarEntryType.Directory, "layercache/") { ModificationTime = Epoch, Mode = (UnixFileMode)0b111_101_101 };
            writer.WriteEntry(directory);
            var file = new UstarTarEntry(TarEntryType.RegularFile, path)
            {
                ModificationTime = Epoch,
                Mode = mode,
                DataStream = new MemoryStream(content),
            };
            writer.WriteEntry(file);
        }

        var tarBytes = tar.ToArray();
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tarBytes);
        }

        var bytes = gzipped.ToArray();
        return new TestLayer(Sha256(bytes), Sha256(tarBytes), bytes, content.Length);
    }

    public IReadOnlyList<TestLayer> CreateLayers(params int[] fileSizesBytes) => fileSizesBytes.Select(CreateLayer).ToList();

    /// <summary>An image of <paramref name="layers"/>; <paramref name="layerMediaType"/> overrides the layers' media type (to test rejection).</summary>
    public TestImage CreateImage(IReadOnlyList<TestLayer> layers, Platform? platform = null, bool dockerMediaTypes = false, string? layerMediaType = null)
    {
        platform ??= Platform.Current;
        var layerType = layerMediaType ?? (dockerMediaTypes ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip);
        var config = new Dictionary<string, object?>
        {
            // RFC 3339 with a Z: JSON escapes a "+", and containerd 1.6 parses the raw bytes of the time string.
            ["created"] = Epoch.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["config"] = new Dictionary<string, object> { ["Cmd"] = new[] { "/bin/true" } },
            ["rootfs"] = new { type = "layers", diff_ids = layers.Select(l => l.DiffId.Value).ToArray() },
        };
        if (platform.Variant is not null)
        {
            config["variant"] = platform.Variant;
        }

        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config);
        var configDescriptor = new Descriptor(dockerMediaTypes ? MediaTypes.DockerConfig : MediaTypes.OciConfig, Sha256(configBytes), configBytes.Length);
        var manifestType = dockerMediaTypes ? MediaTypes.DockerManifest : MediaTypes.OciManifest;
        var manifest = new
        {
            schemaVersion = 2,
            mediaType = manifestType,
            config = Json(configDescriptor),
            layers = layers.Select(l => Json(new Descriptor(layerType, l.Digest, l.SizeBytes))).ToArray(),
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest);
        var manifestDescriptor = new Descriptor(manifestType, Sha256(manifestBytes), manifestBytes.Length, platform);
        return new TestImage(platform, configDescriptor, configBytes, manifestDescriptor, manifestBytes, layers, layers.Select(l => l.ToLayer(layerType)).ToList());
    }

    public static TestIndex CreateIndex(IReadOnlyList<TestImage> images, bool dockerMediaTypes = false)
    {
        var indexType = dockerMediaTypes ? MediaTypes.DockerManifestList : MediaTypes.OciIndex;
        var index = new
        {
            schemaVersion = 2,
            mediaType = indexType,
            manifests = images.Select(i => new Dictionary<string, object>
            {
                ["mediaType"] = i.Manifest.MediaType,
                ["digest"] = i.ManifestDigest.Value,
                ["size"] = i.Manifest.SizeBytes,
                ["platform"] = PlatformJson(i.Platform),
            }).ToArray(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(index);
        return new TestIndex(new Descriptor(indexType, Sha256(bytes), bytes.Length), bytes, images);
    }

    /// <summary>Pushes layers, config and manifest, tagging the manifest with <paramref name="target"/>'s tag.</summary>
    public static async Task PushAsync(RegistryClient client, ImageReference target, TestImage image, CancellationToken cancellationToken = default)
    {
        await PushContentAsync(client, target, image, cancellationToken).ConfigureAwait(false);
        await client.PushManifestAsync(target, target.Tag ?? ImageReference.DefaultTag, image.Manifest.MediaType, image.ManifestBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pushes every image of the index by digest, then the index under <paramref name="target"/>'s tag.</summary>
    public static async Task PushAsync(RegistryClient client, ImageReference target, TestIndex index, CancellationToken cancellationToken = default)
    {
        foreach (var image in index.Images)
        {
            await PushContentAsync(client, target, image, cancellationToken).ConfigureAwait(false);
            await client.PushManifestAsync(target, image.ManifestDigest.Value, image.Manifest.MediaType, image.ManifestBytes, cancellationToken).ConfigureAwait(false);
        }

        await client.PushManifestAsync(target, target.Tag ?? ImageReference.DefaultTag, index.Index.MediaType, index.IndexBytes, cancellationToken).ConfigureAwait(false);
    }

    private static async Task PushContentAsync(RegistryClient client, ImageReference target, TestImage image, CancellationToken cancellationToken)
    {
        foreach (var layer in image.TestLayers)
        {
            await client.PushBlobAsync(target, layer.Bytes, MediaTypes.OciLayerGzip, cancellationToken).ConfigureAwait(false);
        }

        await client.PushBlobAsync(target, image.ConfigBytes, image.Config.MediaType, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, object> Json(Descriptor descriptor) => new()
    {
        ["mediaType"] = descriptor.MediaType,
        ["digest"] = descriptor.Digest.Value,
        ["size"] = descriptor.SizeBytes,
    };

    private static Dictionary<string, object> PlatformJson(Platform platform)
    {
        var json = new Dictionary<string, object> { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
        if (platform.Variant is not null)
        {
            json["variant"] = platform.Variant;
        }

        return json;
    }

    private static Digest Sha256(byte[] bytes) => Digest.FromHash(SHA256.HashData(bytes));
}
