namespace LayerCache.Coordinator.Scheduling;

/// <summary>One entry of the extender's HostPriorityList: a node and its score, 0..10.</summary>
public readonly record struct HostPriority(string Host, long Score);
