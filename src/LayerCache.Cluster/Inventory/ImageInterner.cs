using System.Collections.Concurrent;
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
    /// <summary>Past this many distinct payloads the cache starts again, so a churning catalog cannot grow it forever.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, ContainerImage> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Reference, Digest Manifest), ContainerImage> _byManifest = new();

    /// <summary>The image of that reference and manifest, one instance for every node that holds it.</summary>
    public ContainerImage ByManifest(string reference, Digest manifest, IReadOnlyList<Layer> layers)
    {
        if (_byManifest.TryGetValue((reference, manifest), out var image))
        {
            return image;
        }

        if (_byManifest.Count >= MaxEntries)
        {
            _byManifest.Clear();
        }

        return _byManifest.GetOrAdd((reference, manifest), new ContainerImage(reference, layers, manifest));
    }

    public ContainerImage Read(RedisValue payload)
    {
        var text = (string)payload!;
        if (_images.TryGetValue(text, out var image))
        {
            return image;
        }

        if (_images.Count >= MaxEntries)
        {
            _images.Clear();
        }

        return _images.GetOrAdd(text, Payload.Read(payload, ClusterJson.Default.ContainerImage));
    }
}
