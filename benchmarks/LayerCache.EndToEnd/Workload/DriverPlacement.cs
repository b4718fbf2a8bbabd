using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Workload;

/// <summary>Places pods with the scheduler driver: each pod as kube-scheduler would send it, to the policy's scores.</summary>
internal sealed class DriverPlacement(
    SchedulingDriver driver,
    IReadOnlyList<SiteNodeRuntime> nodes,
    int slotsPerNode,
    int seed,
    NodeImageStatus? images) : IPodPlacement
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<int> ChooseAsync(int pod, string reference, IReadOnlyList<int> busySlots, CancellationToken cancellationToken)
    {
        if (images is not null)
        {
            await images.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        var candidates = nodes.Select((n, i) => new CandidateNode(n.Node.Name, busySlots[i], slotsPerNode)).ToList();
        var manifest = PodManifest.Of($"e2e-{pod:D5}", Uid(pod), reference, Created.AddSeconds(pod));
        var placement = await driver.PlaceAsync(manifest, candidates, cancellationToken).ConfigureAwait(false);
        var index = placement.Node is null ? -1 : candidates.FindIndex(c => c.Name == placement.Node);
        return index >= 0 ? index : throw new InvalidOperationException($"pod {pod}: the scheduler placed it nowhere though a slot was free");
    }

    /// <summary>A pod's uid (a version 4 UUID), the same under every policy: the coordinator counts a pod's request once by it.</summary>
    private string Uid(int pod)
    {
        var bytes = new byte[16];
        new Random(unchecked((seed * 1_000_003) + pod)).NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
