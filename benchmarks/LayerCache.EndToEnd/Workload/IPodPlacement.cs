namespace LayerCache.EndToEnd.Workload;

/// <summary>Chooses the node for one pod among those with a free slot, as the scheduler of a policy does.</summary>
internal interface IPodPlacement
{
    /// <param name="pod">Index of the pod in the trace.</param>
    /// <param name="reference">The pod's image.</param>
    /// <param name="busySlots">Busy slots of every node, by node index.</param>
    /// <returns>The chosen node's index.</returns>
    Task<int> ChooseAsync(int pod, string reference, IReadOnlyList<int> busySlots, CancellationToken cancellationToken);
}
