using LayerCache.Cluster.Json;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Cluster;

/// <summary>
/// Publishes one node's inventory: the snapshot hash and the sequence in one MULTI (one slot), then the delta on the
/// global stream. A diff is written only on condition that Redis still holds the sequence this publisher last wrote;
/// when it does not (Redis restarted empty, the node was removed, another writer) the whole snapshot is rewritten
/// instead, so a diff is never applied to a snapshot it was not computed against. The manifests of the images are
/// written to the <see cref="ManifestCatalog"/> before anything that names them, and again after half their expiry,
/// so a node that holds an image keeps its manifest there. Not for concurrent use.
/// </summary>
public sealed class InventoryPublisher
{
    private static readonly InventorySnapshot Empty = new([], [], []);

    private readonly IConnectionMultiplexer _redis;
    private readonly ClusterStoreOptions _options;
    private readonly ClusterKeys _keys;
    private readonly string _node;
    private readonly ManifestCatalog _manifests;
    private readonly TimeProvider _time;
    private InventorySnapshot? _published;
    private DateTimeOffset _manifestsWritten;

    public InventoryPublisher(IConnectionMultiplexer redis, ClusterStoreOptions options, string node, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        _redis = redis;
        _options = options;
        _keys = new ClusterKeys(options);
        _node = node;
        _manifests = new ManifestCatalog(redis, options);
        _time = time ?? TimeProvider.System;
    }

    public string Node => _node;

    /// <summary>The sequence this publisher last wrote, 0 before its first publish.</summary>
    public long Sequence { get; private set; }

    /// <summary>
    /// Writes the whole snapshot (first call, after <see cref="Reset"/>, or when Redis no longer holds the sequence last
    /// written) or only the diff against the last published snapshot (nothing when nothing changed and Redis still
    /// holds that sequence). Returns the
    /// sequence now published. After any failure the next call rewrites the whole snapshot.
    /// </summary>
    public async Task<long> PublishAsync(InventorySnapshot current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        cancellationToken.ThrowIfCancellationRequested();
        var published = _published;
        _published = null;
        try
        {
            InventoryDelta? delta;
            if (published is null)
            {
                delta = await WriteWholeAsync(current).ConfigureAwait(false);
            }
            else
            {
                if (_time.GetUtcNow() - _manifestsWritten >= _options.ManifestTtl / 2)
                {
                    await WriteManifestsAsync(current.Images).ConfigureAwait(false);
                }

                var diff = InventoryDiff.Compute(_node, Sequence + 1, published, current);
                if (diff is null && await StillHeldAsync().ConfigureAwait(false))
                {
                    _published = published;
                    return Sequence;
                }

                delta = (diff is null ? null : await TryWriteDiffAsync(diff).ConfigureAwait(false))
                    ?? await WriteWholeAsync(current).ConfigureAwait(false);
            }

            Sequence = delta.Sequence;
            await AppendDeltaAsync(delta).ConfigureAwait(false);
            _published = current;
            return Sequence;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Whether the MULTI ran is unknown; the next publish rewrites everything.
            _published = null;
            throw;
        }
    }

    /// <summary>Forgets what was published, so the next <see cref="PublishAsync"/> rewrites the whole snapshot.</summary>
    public void Reset() => _published = null;

    /// <summary>Writes the heartbeat into the nodes hash, as given (the agent passes <see cref="Sequence"/>).</summary>
    public Task HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        cancellationToken.ThrowIfCancellationRequested();
        return _redis.GetDatabase().HashSetAsync(_keys.Nodes, heartbeat.Node, Payload.Write(heartbeat, ClusterJson.Default.NodeHeartbeat));
    }

    // One GET when nothing changed, so a Redis that restarted empty between two calls gets the snapshot back
    // without waiting for the next change.
    private async Task<bool> StillHeldAsync()
    {
        var held = await _redis.GetDatabase().StringGetAsync(_keys.Sequence(_node)).ConfigureAwait(false);
        return held == Sequence;
    }

    private async Task WriteManifestsAsync(IEnumerable<ContainerImage> images)
    {
        var now = _time.GetUtcNow();
        await _manifests.WriteAsync(images).ConfigureAwait(false);
        _manifestsWritten = now;
    }

    private async Task<InventoryDelta> WriteWholeAsync(InventorySnapshot current)
    {
        await WriteManifestsAsync(current.Images).ConfigureAwait(false);
        var transaction = _redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(_keys.Inventory(_node));
        _ = transaction.HashSetAsync(_keys.Inventory(_node), SnapshotHash.Entries(current));
        var sequence = transaction.StringIncrementAsync(_keys.Sequence(_node));
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new RedisException($"The inventory transaction of node {_node} was not committed.");
        }

        return new InventoryDelta(_node, await sequence.ConfigureAwait(false), Reset: true, [], [], [], [], null);
    }

    // Null when Redis no longer holds the sequence the diff was computed against.
    private async Task<InventoryDelta?> TryWriteDiffAsync(InventoryDelta diff)
    {
        await _manifests.WriteAsync(diff.ImagesAdded).ConfigureAwait(false);
        var inventory = _keys.Inventory(_node);
        var transaction = _redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(_keys.Sequence(_node), Sequence));
        if (diff.ImagesRemoved.Count + diff.BlobsRemoved.Count > 0)
        {
            RedisValue[] removed =
            [
                .. diff.ImagesRemoved.Select(SnapshotHash.ImageField),
                .. diff.BlobsRemoved.Select(SnapshotHash.BlobField),
            ];
            _ = transaction.HashDeleteAsync(inventory, removed);
        }

        var changed = diff.ImagesAdded.Select(SnapshotHash.Image).Concat(diff.BlobsAdded.Select(SnapshotHash.Blob)).ToList();
        if (diff.ContainerImages is not null)
        {
            changed.Add(SnapshotHash.Containers(diff.ContainerImages));
        }

        if (diff.UnpackedBlobs is not null)
        {
            changed.Add(SnapshotHash.Unpacked(diff.UnpackedBlobs));
        }

        if (changed.Count > 0)
        {
            _ = transaction.HashSetAsync(inventory, [.. changed]);
        }

        var sequence = transaction.StringIncrementAsync(_keys.Sequence(_node));
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            return null;
        }

        return diff with { Sequence = await sequence.ConfigureAwait(false) };
    }

    // Images whose manifest is in the catalog go by digest, in a delta of schema 2 (an earlier reader would take them
    // for images without layers); a delta without such images stays of schema 1.
    private Task AppendDeltaAsync(InventoryDelta delta)
    {
        var byManifest = delta.ImagesAdded.Where(ImageByManifest.Fits).Select(i => new ImageByManifest(i.Reference, i.ManifestDigest!.Value)).ToList();
        var payload = byManifest.Count == 0
            ? Payload.Write(delta, ClusterJson.Default.InventoryDelta)
            : Payload.Write(
                delta with { ImagesAdded = [.. delta.ImagesAdded.Where(i => !ImageByManifest.Fits(i))], ImagesAddedByManifest = byManifest },
                ClusterJson.Default.InventoryDelta,
                Payload.ImagesByManifestVersion);
        return _redis.GetDatabase().StreamAddAsync(
            _keys.Deltas, Payload.StreamField, payload, maxLength: _options.DeltaStreamMaxLength, useApproximateMaxLength: true);
    }
}
