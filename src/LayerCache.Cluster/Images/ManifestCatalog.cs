using System.Collections.Concurrent;
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

    /// <summary>
    /// The reads of the catalog under way, by digest: readers that miss the same manifest at once (a coordinator's first
    /// nodes, read many at a time, hold mostly the same images) share one read and one check of it.
    /// </summary>
    private readonly ConcurrentDictionary<Digest, Task<Checked>> _reading = new();

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

        var reads = missing.Select(ReadShared).ToList();
        await Task.WhenAll(reads).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            var (layers, problem) = await reads[i].ConfigureAwait(false);
            if (problem is not null)
            {
                bad?.Invoke(new BadPayload("manifest", (string)_keys.Manifest(missing[i])!, problem));
                continue;
            }

            found[missing[i]] = layers;
        }

        return found;
    }

    /// <summary>
    /// The read of the manifest under way, or a new one; each reader reports a problem with it as its own. The catalog is
    /// looked at again once no read is under way: one that ended since the reader looked has cached what it read.
    /// </summary>
    private Task<Checked> ReadShared(Digest digest)
    {
        while (true)
        {
            if (_reading.TryGetValue(digest, out var pending))
            {
                return pending;
            }

            if (_layers.TryGet(digest, out var cached))
            {
                return Task.FromResult(new Checked(cached, null));
            }

            var read = new TaskCompletionSource<Checked>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_reading.TryAdd(digest, read.Task))
            {
                _ = ReadAndCheckAsync(digest, read);
                return read.Task;
            }
        }
    }

    private async Task ReadAndCheckAsync(Digest digest, TaskCompletionSource<Checked> read)
    {
        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(_keys.Manifest(digest)).ConfigureAwait(false);
            var problem = Check(digest, value, out var layers);
            read.SetResult(new Checked(problem is null ? _layers.GetOrAdd(digest, _ => layers) : layers, problem));
        }
        catch (Exception e)
        {
            read.SetException(e);
        }
        finally
        {
            // A manifest missing or bad now may be written later: the next reader reads it again.
            _reading.TryRemove(new KeyValuePair<Digest, Task<Checked>>(digest, read.Task));
        }
    }

    private readonly record struct Checked(IReadOnlyList<Layer> Layers, string? Problem);

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
