using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Image manifests by digest, stored once for the whole cluster (schema 2): a node's snapshot and its deltas name an
/// image by its manifest digest, and a reader takes the layers from here. The value is the manifest's own bytes, so a
/// reader checks them against the digest it asked for: an agent can make another node's image unreadable by writing
/// bad bytes, but never make a reader believe it holds other layers. A manifest read is kept (manifests never change
/// under their digest); one that is missing or bad is reported and left out each time.
/// </summary>
public sealed class ManifestCatalog
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterStoreOptions _options;
    private readonly ClusterKeys _keys;
    private readonly BoundedCache<Digest, IReadOnlyList<Layer>> _layers = new();

    public ManifestCatalog(IConnectionMultiplexer redis, ClusterStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _options = options;
        _keys = new ClusterKeys(options);
    }

    /// <summary>Writes the manifests of the images that carry their bytes, each with <see cref="ClusterStoreOptions.ManifestTtl"/>.</summary>
    public Task WriteAsync(IEnumerable<ContainerImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var database = _redis.GetDatabase();
        var writes = new List<Task>();
        foreach (var image in images.Where(ImageByManifest.Fits).DistinctBy(image => image.ManifestDigest))
        {
            writes.Add(database.StringSetAsync(_keys.Manifest(image.ManifestDigest!.Value), image.Manifest, _options.ManifestTtl));
        }

        return Task.WhenAll(writes);
    }

    /// <summary>
    /// The layers of each manifest in <paramref name="digests"/> that the catalog holds and whose bytes match their
    /// digest; the others are reported to <paramref name="bad"/> and absent from the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<Digest, IReadOnlyList<Layer>>> ReadAsync(IEnumerable<Digest> digests, Action<BadPayload>? bad)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var found = new Dictionary<Digest, IReadOnlyList<Layer>>();
        var missing = new List<Digest>();
        var seen = new HashSet<Digest>();
        foreach (var digest in digests.Where(seen.Add))
        {
            if (_layers.TryGet(digest, out var layers))
            {
                found[digest] = layers;
            }
            else
            {
                missing.Add(digest);
            }
        }

        if (missing.Count == 0)
        {
            return found;
        }

        var database = _redis.GetDatabase();
        var reads = missing.Select(digest => database.StringGetAsync(_keys.Manifest(digest))).ToList();
        await Task.WhenAll(reads).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            if (Check(missing[i], await reads[i].ConfigureAwait(false), out var layers) is { } problem)
            {
                bad?.Invoke(new BadPayload("manifest", (string)_keys.Manifest(missing[i])!, problem));
                continue;
            }

            found[missing[i]] = _layers.GetOrAdd(missing[i], _ => layers);
        }

        return found;
    }

    // What is wrong with the value stored for the digest, or null with its layers.
    private static string? Check(Digest digest, RedisValue value, out IReadOnlyList<Layer> layers)
    {
        layers = [];
        if (value.IsNull)
        {
            return "the manifest is not in the catalog (expired, or never written)";
        }

        var bytes = (byte[])value!;
        if (Digest.Of(bytes) is var actual && actual != digest)
        {
            return $"the stored bytes hash to {actual}, not to the digest they are stored under";
        }

        try
        {
            layers = OciManifest.ReadLayers(bytes);
            return null;
        }
        catch (Exception e) when (BadPayload.IsBadData(e))
        {
            return $"the manifest does not list layers: {e.Message}";
        }
    }
}
