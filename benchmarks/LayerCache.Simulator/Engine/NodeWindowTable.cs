namespace LayerCache.Simulator.Engine;

/// <summary>
/// What a pod's window reads of each node to know whether the pod may go there, in arrays side by side, so that
/// walking 500 nodes a pod reads a few consecutive cache lines instead of two objects a node. Each
/// <see cref="NodeRuntime"/> writes its own place as it changes.
/// </summary>
internal sealed class NodeWindowTable(int nodes)
{
    public int[] BusySlots { get; } = new int[nodes];

    /// <summary>Bytes nothing can evict: the layers containers use, and the prefetch transfer under way.</summary>
    public long[] ReservedBytes { get; } = new long[nodes];

    public long[] CapacityBytes { get; } = new long[nodes];
}
