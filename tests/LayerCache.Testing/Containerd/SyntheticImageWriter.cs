using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LayerCache.Containerd;
using LayerCache.Core.Model;

namespace LayerCache.Testing.Containerd;

/// <summary>
/// Writes a small image into containerd without a registry: random layer blobs, a config, a manifest, and
/// (optionally) an index that also lists a manifest for another architecture. Each blob carries the
/// <c>containerd.io/gc.ref.content.*</c> labels containerd's own pull sets, so garbage collection keeps
/// everything an image record reaches.
/// </summary>
public static class SyntheticImageWriter
{
    private const string DockerLayerMediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private const string DockerConfigMediaType = "application/vnd.docker.container.image.v1+json";

    public static async Task<SyntheticImage> WriteAsync(
        ContainerdClient client,
        string name,
        int layerCount = 2,
        int layerBytes = 32 * 1024,
        bool withIndex = true,
        bool dockerMediaTypes = false,
        bool createImageRecord = true,
        CancellationToken cancellationToken = default)
    {
        // Like containerd's own pull, write under a lease so a collection mid-way takes nothing.
        var lease = await client.CreateLeaseAsync(null, new Dictionary<string, string>
        {
            [ContainerdLabels.GcExpire] = ContainerdLabels.ExpiryValue(DateTimeOffset.UtcNow.AddHours(1)),
        }, cancellationToken);
        try
        {
            using var leased = client.WithLease(lease.Id);
            return await WriteUnderLeaseAsync(leased, name, layerCount, layerBytes, withIndex, dockerMediaTypes, createImageRecord, cancellationToken);
        }
        finally
        {
            await client.DeleteLeaseAsync(lease.Id, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Random bytes and their digest.</summary>
    public static (byte[] Bytes, Digest Digest) RandomBlob(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        return (bytes, Digest.FromHash(SHA256.HashData(bytes)));
    }

    private static async Task<SyntheticImage> WriteUnderLeaseAsync(
        ContainerdClient client,
        string name,
        int layerCount,
        int layerBytes,
        bool withIndex,
        bool dockerMediaTypes,
        bool createImageRecord,
        CancellationToken cancellationToken)
    {
        var platform = Platform.Current;
        var blobs = new List<Digest>();
        var (manifest, config, layers) = await WritePlatformAsync(client, name, platform.Architecture, layerCount, layerBytes, dockerMediaTypes, blobs, cancellationToken);
        var target = manifest;
        if (withIndex)
        {
            var otherArchitecture = platform.Architecture == "amd64" ? "arm64" : "amd64";
            var (other, _, _) = await WritePlatformAsync(client, name, otherArchitecture, layerCount, layerBytes, dockerMediaTypes, blobs, cancellationToken);
            var indexMediaType = dockerMediaTypes ? ImageMediaTypes.DockerManifestList : ImageMediaTypes.OciIndex;
            // The other platform first, so picking the first entry would be wrong.
            var index = new
            {
                schemaVersion = 2,
                mediaType = indexMediaType,
                manifests = new object[]
                {
                    Entry(other, "linux", otherArchitecture),
                    Entry(manifest, platform.Os, platform.Architecture),
                },
            };
            var labels = new Dictionary<string, string>
            {
                [ContainerdLabels.GcRefContentManifest(0)] = other.Digest.Value,
                [ContainerdLabels.GcRefContentManifest(1)] = manifest.Digest.Value,
            };
            target = await WriteJsonAsync(client, indexMediaType, index, labels, blobs, cancellationToken);
        }

        if (createImageRecord)
        {
            await client.CreateImageAsync(name, target, cancellationToken: cancellationToken);
        }

        return new SyntheticImage(name, target, manifest.Digest, config, layers, blobs);
    }

    private static async Task<(ContentDescriptor Manifest, Digest Config, IReadOnlyList<Layer> Layers)> WritePlatformAsync(
        ContainerdClient client,
        string name,
        string architecture,
        int layerCount,
        int layerBytes,
        bool docker,
        List<Digest> blobs,
        CancellationToken cancellationToken)
    {
        var layerMediaType = docker ? DockerLayerMediaType : Layer.OciGzipMediaType;
        var layers = new List<Layer>();
        for (var i = 0; i < layerCount; i++)
        {
            var (bytes, digest) = RandomBlob(layerBytes + i);
            await WriteBlobAsync(client, bytes, digest, labels: null, cancellationToken);
            blobs.Add(digest);
            layers.Add(new Layer(digest, bytes.Length, layerMediaType));
        }

        var configDocument = new
        {
            architecture,
            os = "linux",
            config = new { Labels = new Dictionary<string, string> { ["image"] = name } },
            rootfs = new { type = "layers", diff_ids = layers.Select(l => l.Digest.Value).ToArray() },
        };
        var config = await WriteJsonAsync(client, docker ? DockerConfigMediaType : ImageMediaTypes.OciConfig, configDocument, null, blobs, cancellationToken);

        var manifestMediaType = docker ? ImageMediaTypes.DockerManifest : ImageMediaTypes.OciManifest;
        var manifestDocument = new
        {
            schemaVersion = 2,
            mediaType = manifestMediaType,
            config = new { mediaType = config.MediaType, digest = config.Digest.Value, size = config.SizeBytes },
            layers = layers.Select(l => new { mediaType = l.MediaType, digest = l.Digest.Value, size = l.SizeBytes }).ToArray(),
        };
        var labels = new Dictionary<string, string> { [ContainerdLabels.GcRefContentConfig] = config.Digest.Value };
        for (var i = 0; i < layers.Count; i++)
        {
            labels[ContainerdLabels.GcRefContentLayer(i)] = layers[i].Digest.Value;
        }

        var manifest = await WriteJsonAsync(client, manifestMediaType, manifestDocument, labels, blobs, cancellationToken);
        return (manifest, config.Digest, layers);
    }

    private static object Entry(ContentDescriptor manifest, string os, string architecture) => new
    {
        mediaType = manifest.MediaType,
        digest = manifest.Digest.Value,
        size = manifest.SizeBytes,
        platform = new { architecture, os },
    };

    private static async Task<ContentDescriptor> WriteJsonAsync(
        ContainerdClient client,
        string mediaType,
        object document,
        IReadOnlyDictionary<string, string>? labels,
        List<Digest> blobs,
        CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document));
        var digest = Digest.FromHash(SHA256.HashData(bytes));
        await WriteBlobAsync(client, bytes, digest, labels, cancellationToken);
        blobs.Add(digest);
        return new ContentDescriptor(mediaType, digest, bytes.Length);
    }

    private static async Task WriteBlobAsync(ContainerdClient client, byte[] bytes, Digest digest, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        using var source = new MemoryStream(bytes, writable: false);
        await client.WriteContentAsync("synthetic-" + digest.Hex, digest, bytes.Length, source, labels, cancellationToken);
    }
}
