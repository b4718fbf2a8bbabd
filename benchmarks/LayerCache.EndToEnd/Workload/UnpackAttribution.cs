using LayerCache.Core.Model;
using LayerCache.EndToEnd.Nodes;

namespace LayerCache.EndToEnd.Workload;

/// <summary>
/// Which pull each unpack on a node was part of, and so how much of each pod's pull was unpacking. An unpack belongs
/// to a pull on the same node whose image has the unpacked chain and which was running when the unpack ended; when
/// several were (concurrent pulls of images that share layers), to the one that started first and has not had that
/// chain counted yet. A pull counts each chain of its image once, so a chain two concurrent pulls both unpacked (one
/// commit kept, the other removed) is counted once, for the one whose unpack ended first. Only the part of an unpack
/// inside the pull's window counts: an unpack begun before the pull (an agent's unpack ahead) adds what the pull waited for.
/// </summary>
internal static class UnpackAttribution
{
    /// <summary>Unpack seconds of each pod, by pod index; 0 for pods with no pull.</summary>
    /// <param name="extractionsByNode">Each node's unpacks, in node order.</param>
    public static double[] Assign(int pods, IReadOnlyList<PullWindow> pulls, IReadOnlyList<IReadOnlyList<Extraction>> extractionsByNode)
    {
        var seconds = new double[pods];
        var counted = new HashSet<(int Pod, Digest Chain)>();
        for (var node = 0; node < extractionsByNode.Count; node++)
        {
            var onNode = pulls.Where(p => p.Node == node).OrderBy(p => p.StartedAt).ThenBy(p => p.Pod).ToList();
            foreach (var extraction in extractionsByNode[node].OrderBy(e => e.EndedAt))
            {
                var pull = onNode.FirstOrDefault(p =>
                    p.StartedAt <= extraction.EndedAt && extraction.EndedAt <= p.EndedAt &&
                    p.Chains.Contains(extraction.Chain) && !counted.Contains((p.Pod, extraction.Chain)));
                if (pull is null)
                {
                    continue;
                }

                counted.Add((pull.Pod, extraction.Chain));
                seconds[pull.Pod] += InWindow(extraction, pull);
            }
        }

        return seconds;
    }

    private static double InWindow(Extraction extraction, PullWindow pull) =>
        extraction.PreparedAt >= pull.StartedAt
            ? extraction.UnpackSeconds
            : (extraction with { PreparedAt = pull.StartedAt }).UnpackSeconds;
}
