namespace LayerCache.EndToEnd.Workload;

/// <summary>A placement whose every choice is audited before the pod's pull starts.</summary>
internal sealed class AuditedPlacement(IPodPlacement inner, PullAudit audit) : IPodPlacement
{
    public async Task<int> ChooseAsync(int pod, string reference, IReadOnlyList<int> busySlots, CancellationToken cancellationToken)
    {
        var node = await inner.ChooseAsync(pod, reference, busySlots, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(pod, node, cancellationToken).ConfigureAwait(false);
        return node;
    }
}
