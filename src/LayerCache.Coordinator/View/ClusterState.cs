using System.Collections.Concurrent;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using LayerCache.Hosting.Health;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.View;

/// <summary>
/// The coordinator's in-memory picture of the cluster: Core's <see cref="ClusterView"/> of every node's cache, what
/// each node last reported (bandwidth, heartbeat, inventory), and the catalog of image reference -> layers.
/// Fed by the store reader; read by hints without touching the network. Readers share a lock and never wait
/// for each other; a writer waits for them. The image catalog needs no lock at all.
/// </summary>
public sealed class ClusterState : IDisposable
{
    internal const string ReadinessName = "view";

    /// <summary>Distinct registries remembered from node inventories; past it, new ones are not (they can still be allowed by name).</summary>
    private const int MaxRegistriesHeld = 1024;

    /// <summary>References remembered as already reported, beyond which each report is handled again (as correct, only slower).</summary>
    private const int MaxReferencesReported = 100_000;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly ClusterView _view = new();
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);

    /// <summary>
    /// What a hint reads of each node, by name, held as values: its id in the view and its bandwidth. A hint reads it
    /// for every node it is asked about, and a value here spares it two objects scattered through memory (the record
    /// and its cache) a node. Every write that adds, rebuilds, removes or re-reports a node keeps it current.
    /// </summary>
    private readonly Dictionary<string, NodeSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ContainerImage> _catalog = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _registriesHeld = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>References some node's snapshot has reported: their catalog entry and registry are recorded.</summary>
    private readonly ConcurrentDictionary<string, byte> _referencesReported = new(StringComparer.Ordinal);
    private readonly CoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly CoordinatorMetrics _metrics;
    private readonly Readiness _readiness;
    private readonly Lock _syncLock = new();
    private string? _staleReason;
    private DateTimeOffset? _lastSyncedAt;

    public ClusterState(IOptions<CoordinatorOptions> options, TimeProvider time, CoordinatorMetrics metrics, Readiness readiness)
    {
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _readiness = readiness;
        if (_options.ServeWithoutRedis)
        {
            _metrics.ViewStale.Set(0);
        }
        else
        {
            _staleReason = "the view has not synced yet";
            _metrics.ViewStale.Set(1);
            _readiness.NotReady(ReadinessName, "waiting for the first sync of the cluster view");
        }
    }

    /// <summary>True until the first sync (unless serving without Redis) and after <see cref="MarkStale"/> until the next sync.</summary>
    public bool IsStale => Volatile.Read(ref _staleReason) is not null;

    public string? StaleReason => Volatile.Read(ref _staleReason);

    public DateTimeOffset? LastSyncedAt
    {
        get
        {
            lock (_syncLock)
            {
                return _lastSyncedAt;
            }
        }
    }

    public int NodeCount
    {
        get
        {
            using var read = Read();
            return _nodes.Count;
        }
    }

    /// <summary>Creates the node or updates what it reported; a change of capacity or watermarks rebuilds its cache.</summary>
    /// <param name="reportedSequence">The inventory sequence the heartbeat reported (0: not known).</param>
    /// <param name="evictionPolicy">The eviction policy the node said it runs (null: not known).</param>
    public void UpsertNode(
        string node,
        long capacityBytes,
        double highWatermark,
        double lowWatermark,
        double bandwidthBytesPerSecond,
        DateTimeOffset heartbeatAt,
        long reportedSequence = 0,
        string? evictionPolicy = null,
        string? site = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        site = string.IsNullOrEmpty(site) ? NodeCache.DefaultSite : site;
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        if (lowWatermark is < 0 or > 1 || highWatermark is < 0 or > 1 || lowWatermark > highWatermark)
        {
            throw new ArgumentOutOfRangeException(nameof(lowWatermark), $"watermarks must satisfy 0 <= low <= high <= 1; got {lowWatermark} and {highWatermark}");
        }

        Write(() =>
        {
            if (!_nodes.TryGetValue(node, out var record))
            {
                var cache = _view.Add(new NodeCache(node, capacityBytes, highWatermark, lowWatermark, _time) { Site = site });
                var added = new NodeRecord(cache, bandwidthBytesPerSecond, heartbeatAt) { ReportedSequence = reportedSequence, EvictionPolicy = evictionPolicy };
                _nodes.Add(node, added);
                Slot(node, added);
                return;
            }

            record.ReportedSequence = reportedSequence;
            record.EvictionPolicy = evictionPolicy ?? record.EvictionPolicy;
            record.BandwidthBytesPerSecond = bandwidthBytesPerSecond;
            record.HeartbeatAt = heartbeatAt;
            var old = record.Cache;
            if (old.CapacityBytes != capacityBytes || old.HighWatermark != highWatermark || old.LowWatermark != lowWatermark || old.Site != site)
            {
                // NodeCache's budget and site are fixed at construction: start again from the last inventory (use counts restart).
                var rebuilt = new NodeCache(node, capacityBytes, highWatermark, lowWatermark, _time) { Site = site };
                if (record.LastSnapshot is { } snapshot)
                {
                    InventoryReconciler.Apply(rebuilt, snapshot);
                }

                record.Cache = _view.Replace(rebuilt);
            }

            Slot(node, record);
        });
    }

    /// <summary>
    /// Each named node's cache while it holds nothing yet, at the node's position; null where the view has no such node
    /// or its cache already holds something (a snapshot is then reconciled in place, keeping its use counts). A feed
    /// looks up a window of nodes at once, under one read lock: looked up as each node was filled, the fills waited on
    /// the view's writer, which takes the lock once for each node it applies.
    /// </summary>
    internal NodeCache?[] EmptyCaches(IReadOnlyList<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var empty = new NodeCache?[nodes.Count];
        using (Read())
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                empty[i] = _nodes.TryGetValue(nodes[i], out var record) && record.Cache.IsEmpty ? record.Cache : null;
            }
        }

        return empty;
    }

    /// <summary>
    /// A cache like <paramref name="empty"/> (from <see cref="EmptyCaches"/>) filled from <paramref name="snapshot"/>
    /// apart from the view, for <see cref="ApplyInventory(string, InventorySnapshot, long, PreparedInventory?)"/> to put
    /// in the view in one step: filling is most of what applying a node first read costs, and many nodes can be filled
    /// at once, on any threads, while the view takes one writer at a time. It takes no lock: a cache's name, budget and
    /// site never change. Null where the snapshot is refused (applying it reports why).
    /// </summary>
    internal PreparedInventory? Prepare(NodeCache empty, InventorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(empty);
        ArgumentNullException.ThrowIfNull(snapshot);
        var filled = new NodeCache(empty.Name, empty.CapacityBytes, empty.HighWatermark, empty.LowWatermark, _time) { Site = empty.Site };
        try
        {
            InventoryReconciler.Apply(filled, snapshot);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            return null;
        }

        return new PreparedInventory(empty, filled, snapshot);
    }

    /// <summary>Makes the node's cache equal to <paramref name="snapshot"/>; an unknown node is created with default settings.</summary>
    /// <param name="sequence">The inventory sequence the snapshot is at (0: not known).</param>
    public void ApplyInventory(string node, InventorySnapshot snapshot, long sequence = 0) => ApplyInventory(node, snapshot, sequence, prepared: null);

    /// <inheritdoc cref="ApplyInventory(string, InventorySnapshot, long)"/>
    /// <param name="prepared">
    /// What <see cref="Prepare"/> filled from this snapshot: it takes the node's place when the node's cache is still the
    /// empty one it was filled beside; otherwise the snapshot is reconciled in place.
    /// </param>
    internal void ApplyInventory(string node, InventorySnapshot snapshot, long sequence, PreparedInventory? prepared)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (prepared is not null && (prepared.Snapshot != snapshot || prepared.Filled.Name != node))
        {
            throw new ArgumentException($"the prepared inventory is of another snapshot or node than node '{node}''s", nameof(prepared));
        }

        Write(() =>
        {
            if (!_nodes.TryGetValue(node, out var record))
            {
                var cache = _view.Add(new NodeCache(node, _options.DefaultCapacityBytes, 0.9, 0.8, _time));
                record = new NodeRecord(cache, 0, null);
                _nodes.Add(node, record);
                Slot(node, record);
            }

            if (prepared is not null && record.Cache == prepared.Empty && prepared.Empty.IsEmpty)
            {
                record.Cache = _view.Replace(prepared.Filled);
            }
            else
            {
                Reconcile(record, node, snapshot);
            }

            record.LastSnapshot = snapshot;
            record.InventorySequence = sequence;
        });

        // The layers of an image a node holds are known without asking its registry (a registry answer wins later).
        // An image is on many nodes: what the first report of its reference recorded is not recorded again for the
        // rest (a full sync of 5,000 nodes reports some 190,000 images, of about 2,000 references).
        foreach (var image in snapshot.Images)
        {
            if (_referencesReported.ContainsKey(image.Reference))
            {
                continue;
            }

            _catalog.TryAdd(ImageKey.Normalize(image.Reference), image);
            if (_registriesHeld.Count < MaxRegistriesHeld && ImageReference.TryParse(image.Reference, out var parsed, out _))
            {
                _registriesHeld.TryAdd(parsed.Registry, 0);
            }

            if (_referencesReported.Count < MaxReferencesReported)
            {
                _referencesReported.TryAdd(image.Reference, 0);
            }
        }
    }

    /// <summary>Brings the node's cache to <paramref name="snapshot"/> in place, keeping what stayed and its use.</summary>
    private void Reconcile(NodeRecord record, string node, InventorySnapshot snapshot)
    {
        try
        {
            InventoryReconciler.Apply(record.Cache, snapshot);
        }
        catch (InvalidOperationException)
        {
            // A cache the reconciler cannot bring along (it should not happen) is rebuilt from the snapshot alone.
            var rebuilt = new NodeCache(node, record.Cache.CapacityBytes, record.Cache.HighWatermark, record.Cache.LowWatermark, _time) { Site = record.Cache.Site };
            InventoryReconciler.Apply(rebuilt, snapshot);
            record.Cache = _view.Replace(rebuilt);
        }
    }

    /// <summary>Whether a node has reported an image from <paramref name="registry"/> (as a reference names it).</summary>
    public bool HoldsImagesFrom(string registry) => _registriesHeld.ContainsKey(registry);

    public bool RemoveNode(string node)
    {
        var removed = false;
        Write(() =>
        {
            var known = _nodes.Remove(node);
            removed = known && _view.Remove(node);
            if (known)
            {
                _slots.Remove(node);
                RenumberSlots();
            }
        });
        return removed;
    }

    /// <summary>Records an image's layers as resolved from its registry; it replaces what node inventories suggested.</summary>
    public void SetImage(ContainerImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _catalog[ImageKey.Normalize(image.Reference)] = image;
    }

    /// <summary>Looks an image up by any spelling of its reference ("nginx", "nginx:latest", "docker.io/library/nginx:latest").</summary>
    public bool TryGetImage(string reference, out ContainerImage image)
    {
        image = null!;
        return ImageKey.TryNormalize(reference, out var key) && _catalog.TryGetValue(key, out image!);
    }

    public int ImageCount => _catalog.Count;

    /// <summary>Every image in the catalog, resolved or learnt from an inventory; safe to enumerate while it changes.</summary>
    public IEnumerable<ContainerImage> Images => _catalog.Values;

    public void MarkSynced(DateTimeOffset at)
    {
        lock (_syncLock)
        {
            _lastSyncedAt = at;
            Volatile.Write(ref _staleReason, null);
        }

        _metrics.ViewStale.Set(0);
        _readiness.Ready(ReadinessName);
    }

    /// <summary>Hints go on from the last view, flagged stale; before the first sync the service also stays not ready.</summary>
    public void MarkStale(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        bool neverSynced;
        lock (_syncLock)
        {
            Volatile.Write(ref _staleReason, reason);
            neverSynced = _lastSyncedAt is null;
        }

        _metrics.ViewStale.Set(1);
        if (neverSynced && !_options.ServeWithoutRedis)
        {
            _readiness.NotReady(ReadinessName, reason);
        }
    }

    /// <summary>Takes the shared read lock; see <see cref="ViewReader"/>.</summary>
    public ViewReader Read() => new(_lock, _view, _slots);

    public bool TryGetNode(string node, out NodeStatus status)
    {
        using var read = Read();
        if (_nodes.TryGetValue(node, out var record))
        {
            status = record.ToStatus();
            return true;
        }

        status = null!;
        return false;
    }

    /// <summary>Every node, sorted by name.</summary>
    public IReadOnlyList<NodeStatus> Nodes()
    {
        using var read = Read();
        return [.. _nodes.Values.Select(r => r.ToStatus()).OrderBy(s => s.Node, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The nodes, sorted by name, that are not in <paramref name="live"/> and whose last heartbeat the view saw is older
    /// than <paramref name="oldest"/> or that never sent one. Copies nothing of the others: the feed asks every 2 s, and a
    /// sorted copy of every node's status (<see cref="Nodes"/>) was some 15 % of what a coordinator of 5,000 nodes
    /// allocated at rest.
    /// </summary>
    internal List<string> SilentNodes(IReadOnlySet<string> live, DateTimeOffset oldest)
    {
        ArgumentNullException.ThrowIfNull(live);
        var silent = new List<string>();
        using (Read())
        {
            foreach (var (node, record) in _nodes)
            {
                if (!live.Contains(node) && (record.HeartbeatAt is null || record.HeartbeatAt < oldest))
                {
                    silent.Add(node);
                }
            }
        }

        silent.Sort(StringComparer.Ordinal);
        return silent;
    }

    public void Dispose() => _lock.Dispose();

    private void Slot(string node, NodeRecord record) => _slots[node] = new NodeSlot(record.Cache.Id, record.BandwidthBytesPerSecond);

    /// <summary>After a node left the view: the ids of the nodes after it changed.</summary>
    private void RenumberSlots()
    {
        foreach (var (node, record) in _nodes)
        {
            Slot(node, record);
        }
    }

    private void Write(Action change)
    {
        _lock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _metrics.ViewNodes.Set(_nodes.Count);
            _lock.ExitWriteLock();
        }
    }
}
