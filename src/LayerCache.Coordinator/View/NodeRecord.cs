using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Coordinator.View;

/// <summary>What the view keeps of one node besides its cache: the settings its cache was built with and its last report.</summary>
internal sealed class NodeRecord(NodeCache cache, double bandwidthBytesPerSecond, DateTimeOffset? heartbeatAt)
{
    public NodeCache Cache { get; set; } = cache;

    public double BandwidthBytesPerSecond { get; set; } = bandwidthBytesPerSecond;

    public DateTimeOffset? HeartbeatAt { get; set; } = heartbeatAt;

    public InventorySnapshot? LastSnapshot { get; set; }

    /// <summary>The sequence of <see cref="LastSnapshot"/>; 0 when it is not known.</summary>
    public long InventorySequence { get; set; }

    /// <summary>The inventory sequence and eviction policy of the node's last heartbeat.</summary>
    public long ReportedSequence { get; set; }

    public string? EvictionPolicy { get; set; }

    public NodeStatus ToStatus() => new(
        Cache.Name, Cache.CapacityBytes, Cache.HighWatermark, Cache.LowWatermark, BandwidthBytesPerSecond, HeartbeatAt,
        Cache.UsedBytes, Cache.Layers.Count, Cache.Images.Count, InventorySequence, ReportedSequence, EvictionPolicy, LastSnapshot is not null);
}
