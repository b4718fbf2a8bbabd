using LayerCache.Core.Costs;
using LayerCache.Core.Model;

namespace LayerCache.Simulator.Engine;

/// <summary>
/// How little a trace could pull if the whole cluster's storage were one cache and placement were perfect: every
/// request finds on "its node" whatever the pooled cache holds, no layer is stored twice, and nothing is pinned by
/// running containers. After each request the cache evicts down to its capacity by one of four rules, from one that
/// knows the future (Belady's: the layer asked for again furthest ahead goes first) to ones that know only the past.
/// No real cluster does better than the first; the gap between the rules says how much of a policy's distance from
/// an unlimited-storage bound is storage itself, how much is not knowing what will be asked for, and how much is
/// the policy.
/// </summary>
public static class PooledCacheBound
{
    /// <summary>Each rule's pulls for the trace, in the order of <see cref="PooledRule"/>.</summary>
    public static IReadOnlyList<PooledBoundResult> Compute(
        IReadOnlyList<ContainerImage> rankedImages, RequestTrace trace, long capacityBytes, PullCostModel cost)
    {
        ArgumentNullException.ThrowIfNull(rankedImages);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        var sequence = LayerSequence.Of(rankedImages, trace, cost);
        return [.. Enum.GetValues<PooledRule>().Select(rule => Run(sequence, trace, capacityBytes, rule))];
    }

    private static PooledBoundResult Run(LayerSequence sequence, RequestTrace trace, long capacityBytes, PooledRule rule)
    {
        var layers = sequence.Sizes.Length;
        var version = new int[layers];
        var held = new bool[layers];
        var seen = new int[layers];
        var remaining = (int[])sequence.Requests.Clone();
        var heap = new PriorityQueue<(int Layer, int Version), (double Keep, long LastUse)>();
        long used = 0;
        long pulledBytes = 0;
        double pulledSeconds = 0;
        var position = 0;
        for (var r = 0; r < trace.Count; r++)
        {
            var end = sequence.RequestEnds[r];
            for (; position < end; position++)
            {
                var layer = sequence.Layers[position];
                seen[layer]++;
                remaining[layer]--;
                if (!held[layer])
                {
                    held[layer] = true;
                    used += sequence.Sizes[layer];
                    pulledBytes += sequence.Sizes[layer];
                    pulledSeconds += sequence.Seconds[layer];
                }

                var keep = rule switch
                {
                    PooledRule.Foresight => sequence.NextUse[position] == int.MaxValue ? double.NegativeInfinity : -sequence.NextUse[position],
                    PooledRule.KnownCounts => remaining[layer] * sequence.Seconds[layer] / Math.Max(sequence.Sizes[layer], 1),
                    PooledRule.Frequency => seen[layer] * sequence.Seconds[layer] / Math.Max(sequence.Sizes[layer], 1),
                    _ => 0,
                };
                heap.Enqueue((layer, ++version[layer]), (keep, position));
            }

            // The request's pulls are done; the cache keeps what its rule values most.
            while (used > capacityBytes && heap.TryDequeue(out var entry, out _))
            {
                if (!held[entry.Layer] || version[entry.Layer] != entry.Version)
                {
                    continue;
                }

                held[entry.Layer] = false;
                used -= sequence.Sizes[entry.Layer];
            }
        }

        return new PooledBoundResult(rule, pulledBytes, trace.Count == 0 ? 0 : pulledSeconds / trace.Count);
    }

    /// <summary>The trace as the distinct layers each request asks for, in order, with when each is asked for next.</summary>
    private sealed class LayerSequence
    {
        public required int[] Layers { get; init; }

        /// <summary>Where each request's layers end in <see cref="Layers"/>.</summary>
        public required int[] RequestEnds { get; init; }

        /// <summary>For each position, the position at which its layer is asked for next; <see cref="int.MaxValue"/> for never.</summary>
        public required int[] NextUse { get; init; }

        public required long[] Sizes { get; init; }

        /// <summary>A cold pull of each layer: transfer and unpack.</summary>
        public required double[] Seconds { get; init; }

        /// <summary>How many times each layer is asked for in the whole trace.</summary>
        public required int[] Requests { get; init; }

        public static LayerSequence Of(IReadOnlyList<ContainerImage> rankedImages, RequestTrace trace, PullCostModel cost)
        {
            var ids = new Dictionary<Digest, int>();
            var sizes = new List<long>();
            var layers = new List<int>();
            var ends = new int[trace.Count];
            for (var r = 0; r < trace.Count; r++)
            {
                foreach (var layer in rankedImages[trace.ImageRanks[r]].DistinctLayers)
                {
                    if (!ids.TryGetValue(layer.Digest, out var id))
                    {
                        ids[layer.Digest] = id = sizes.Count;
                        sizes.Add(layer.SizeBytes);
                    }

                    layers.Add(id);
                }

                ends[r] = layers.Count;
            }

            var next = new int[layers.Count];
            var upcoming = new int[sizes.Count];
            Array.Fill(upcoming, int.MaxValue);
            var requests = new int[sizes.Count];
            for (var p = layers.Count - 1; p >= 0; p--)
            {
                next[p] = upcoming[layers[p]];
                upcoming[layers[p]] = p;
                requests[layers[p]]++;
            }

            return new LayerSequence
            {
                Layers = [.. layers],
                RequestEnds = ends,
                NextUse = next,
                Sizes = [.. sizes],
                Seconds = [.. sizes.Select(s => cost.LayerSeconds(s, LayerState.Absent))],
                Requests = requests,
            };
        }
    }
}
