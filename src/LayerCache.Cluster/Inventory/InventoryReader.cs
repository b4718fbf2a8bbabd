using LayerCache.Cluster.Json;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// The coordinator's view of the inventories: heartbeats, a node's snapshot with its sequence (read as of one moment),
/// and the global delta stream. See docs/redis-schema.md for how a reader stays in step.
/// </summary>
public sealed class InventoryReader
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterKeys _keys;
    private readonly ImageInterner _images = new();
    private readonly ManifestCatalog _manifests;

    public InventoryReader(IConnectionMultiplexer redis, ClusterStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _keys = new ClusterKeys(options);
        _manifests = new ManifestCatalog(redis, options);
    }

    /// <summary>Payloads read that could not be used (and were skipped): the owner counts and logs them.</summary>
    public event Action<BadPayload>? BadPayload;

    /// <summary>Every node's heartbeat; one that is bad, or filed under another node's name, is reported and left out.</summary>
    public async Task<IReadOnlyList<NodeHeartbeat>> ReadNodesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _redis.GetDatabase().HashGetAllAsync(_keys.Nodes).ConfigureAwait(false);
        var nodes = new List<NodeHeartbeat>(entries.Length);
        foreach (var entry in entries)
        {
            var field = (string?)entry.Name ?? "";
            if (!Payload.TryRead(entry.Value, ClusterJson.Default.NodeHeartbeat, out var heartbeat, out var reason))
            {
                Report("node", $"{_keys.Nodes} {field}", reason);
            }
            else if (heartbeat.Node != field)
            {
                Report("node", $"{_keys.Nodes} {field}", $"the heartbeat is of node '{heartbeat.Node}'");
            }
            else
            {
                nodes.Add(heartbeat);
            }
        }

        return nodes;
    }

    /// <summary>
    /// The node's snapshot and the sequence of the last delta it includes, or null when Redis holds none. An image
    /// stored the same on many nodes is parsed once and shared between their snapshots; one stored by manifest digest
    /// takes its layers from the manifest catalog, and is left out (and reported) when the catalog has no good copy.
    /// </summary>
    public async Task<NodeInventory?> ReadSnapshotAsync(string node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (value, entries) = await ReadFencedAsync(node).ConfigureAwait(false) ?? await ReadInMultiAsync(node).ConfigureAwait(false);
        if (value.IsNull)
        {
            return null;
        }

        if (!value.TryParse(out long parsed) || parsed < 0)
        {
            Report("snapshot", (string)_keys.Sequence(node)!, $"the sequence '{value}' is not a whole number of 0 or more");
            return null;
        }

        var key = (string)_keys.Inventory(node)!;
        var (snapshot, byManifest) = SnapshotHash.Read(entries, _images, key, BadPayload);
        if (byManifest.Count > 0)
        {
            var images = byManifest.Select(f => f.Image).ToList();
            var layers = await ReadManifestsAsync(images).ConfigureAwait(false);
            snapshot = snapshot with { Images = [.. snapshot.Images, .. Resolve(images, layers, key, byManifest.Select(f => f.Field).ToList())] };
        }

        return new NodeInventory(node, parsed, snapshot);
    }

    /// <summary>
    /// The node's sequence and hash as of one moment, read without a MULTI: <c>GET seq</c>, <c>HGETALL inv</c> and
    /// <c>GET seq</c> again, sent together. Every write of the hash increments the sequence in the same MULTI, so a
    /// sequence the same before and after means the hash read between belongs to it. Null, for a read in a MULTI
    /// instead, when the sequence moved, or when an empty hash stands beside a sequence (the node's keys deleted and
    /// written again at the same sequence while this read ran). A full read of thousands of nodes reads this way: a
    /// MULTI costs the client a transaction's bookkeeping for each (docs/coordinator-benchmarks.md).
    /// </summary>
    private async Task<(RedisValue Sequence, HashEntry[] Entries)?> ReadFencedAsync(string node)
    {
        var database = _redis.GetDatabase();
        var before = database.StringGetAsync(_keys.Sequence(node));
        var read = database.HashGetAllAsync(_keys.Inventory(node));
        var after = database.StringGetAsync(_keys.Sequence(node));
        var sequence = await before.ConfigureAwait(false);
        var entries = await read.ConfigureAwait(false);
        if (await after.ConfigureAwait(false) != sequence || (entries.Length == 0 && !sequence.IsNull))
        {
            return null;
        }

        return (sequence, entries);
    }

    /// <summary>The node's hash and sequence read in one MULTI.</summary>
    private async Task<(RedisValue Sequence, HashEntry[] Entries)> ReadInMultiAsync(string node)
    {
        var transaction = _redis.GetDatabase().CreateTransaction();
        var entries = transaction.HashGetAllAsync(_keys.Inventory(node));
        var sequence = transaction.StringGetAsync(_keys.Sequence(node));
        await transaction.ExecuteAsync().ConfigureAwait(false);
        return (await sequence.ConfigureAwait(false), await entries.ConfigureAwait(false));
    }

    /// <summary>Up to <paramref name="count"/> deltas after stream id <paramref name="afterId"/> ("0" for all).</summary>
    public async Task<DeltaBatch> ReadDeltasAsync(string afterId, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (deltas, lastId) = await StreamReads.ReadAfterAsync(
            _redis.GetDatabase(), _keys.Deltas, afterId, count, ClusterJson.Default.InventoryDelta, "delta", BadPayload).ConfigureAwait(false);
        if (deltas.All(d => d.ImagesAddedByManifest is not { Count: > 0 }))
        {
            return new DeltaBatch(deltas, lastId);
        }

        // One read of the catalog for the whole batch.
        var layers = await ReadManifestsAsync([.. deltas.SelectMany(d => d.ImagesAddedByManifest ?? [])]).ConfigureAwait(false);
        var resolved = deltas
            .Select(delta => delta.ImagesAddedByManifest is { Count: > 0 } byManifest
                ? delta with
                {
                    ImagesAdded = [.. delta.ImagesAdded, .. Resolve(byManifest, layers, $"{_keys.Deltas} of node {delta.Node}")],
                    ImagesAddedByManifest = null,
                }
                : delta)
            .ToList();
        return new DeltaBatch(resolved, lastId);
    }

    private Task<IReadOnlyDictionary<Digest, IReadOnlyList<Layer>>> ReadManifestsAsync(IReadOnlyList<ImageByManifest> images) =>
        _manifests.ReadAsync(images.Select(i => i.Manifest), BadPayload);

    // The images with their layers as read from the manifest catalog; those it had no good manifest for (reported as
    // it read them) are left out. An image read from a node's hash field is remembered by that field's bytes.
    private List<ContainerImage> Resolve(
        IReadOnlyList<ImageByManifest> images, IReadOnlyDictionary<Digest, IReadOnlyList<Layer>> layers, string where, IReadOnlyList<HashEntry>? fields = null)
    {
        var resolved = new List<ContainerImage>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (!layers.TryGetValue(image.Manifest, out var found))
            {
                continue;
            }

            try
            {
                var container = _images.ByManifest(image.Reference!, image.Manifest, found);
                resolved.Add(container);
                if (fields is not null)
                {
                    _images.RememberField(fields[i], container);
                }
            }
            catch (Exception e) when (Cluster.BadPayload.IsBadData(e))
            {
                Report("snapshot", $"{where} {image.Reference}", e.Message);
            }
        }

        return resolved;
    }

    /// <summary>The id of the newest delta; read it before the snapshots at start, then read deltas after it.</summary>
    public Task<string> LatestDeltaIdAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return StreamReads.LatestIdAsync(_redis.GetDatabase(), _keys.Deltas);
    }

    private void Report(string kind, string key, string reason) => BadPayload?.Invoke(new BadPayload(kind, key, reason));

    /// <summary>Forgets a node gone for good: its heartbeat, snapshot, sequence, orders, completed ids and progress.</summary>
    public async Task RemoveNodeAsync(string node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = _redis.GetDatabase();
        await database.KeyDeleteAsync([_keys.Inventory(node), _keys.Sequence(node), _keys.Orders(node), _keys.Done(node), _keys.Progress(node)])
            .ConfigureAwait(false);
        await database.HashDeleteAsync(_keys.Nodes, node).ConfigureAwait(false);
    }
}
