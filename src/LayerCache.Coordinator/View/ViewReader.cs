using LayerCache.Core.Model;

namespace LayerCache.Coordinator.View;

/// <summary>
/// A read of the cluster view under its shared lock: many readers at once, no writer meanwhile.
/// Dispose it (a <c>using</c>) on the thread that took it; hold it only for computing, never across an await.
/// </summary>
public readonly ref struct ViewReader
{
    private readonly ReaderWriterLockSlim _lock;
    private readonly Dictionary<string, NodeSlot> _nodes;

    internal ViewReader(ReaderWriterLockSlim readLock, ClusterView view, Dictionary<string, NodeSlot> nodes)
    {
        _lock = readLock;
        _nodes = nodes;
        View = view;
        _lock.EnterReadLock();
    }

    public ClusterView View { get; }

    /// <summary>The node's id in <see cref="View"/> and its reported bandwidth (0 when it has not reported one).</summary>
    public bool TryGetNode(string node, out int id, out double bandwidthBytesPerSecond)
    {
        if (_nodes.TryGetValue(node, out var slot))
        {
            id = slot.Id;
            bandwidthBytesPerSecond = slot.BandwidthBytesPerSecond;
            return true;
        }

        id = -1;
        bandwidthBytesPerSecond = 0;
        return false;
    }

    public void Dispose() => _lock.ExitReadLock();
}
