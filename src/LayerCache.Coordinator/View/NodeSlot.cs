namespace LayerCache.Coordinator.View;

/// <summary>A node as a hint reads it: its id in the cluster view and the bandwidth it last reported (0: none).</summary>
internal readonly record struct NodeSlot(int Id, double BandwidthBytesPerSecond);
