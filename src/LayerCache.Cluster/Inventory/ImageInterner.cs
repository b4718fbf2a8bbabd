using LayerCache.Cluster.Json;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Parses each distinct image payload once. Most images sit on many nodes, and every node's snapshot stores the image
/// whole, so a reader of all snapshots would otherwise parse and keep the same image once per node. Payloads are
/// compared byte for byte (as text), so two nodes share an instance only when they store exactly the same image; an
/// image stored by manifest digest is shared by reference and digest.
/// </summary>
internal sealed class ImageInterner
{
    private readonly BoundedCache<string, ContainerImage> _images = new(StringComparer.Ordinal);
    private readonly BoundedCache<(string Reference, Digest Manifest), ContainerImage> _byManifest = new();

    /// <summary>The image of that reference and manifest, one instance for every node that holds it.</summary>
    public ContainerImage ByManifest(string reference, Digest manifest, IReadOnlyList<Layer> layers) =>
        _byManifest.GetOrAdd((reference, manifest), key => new ContainerImage(key.Reference, layers, key.Manifest));

    public ContainerImage Read(RedisValue payload) =>
        _images.GetOrAdd((string)payload!, _ => Payload.Read(payload, ClusterJson.Default.ContainerImage));
}
