using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;

namespace LayerCache.Core.Prefetch;

/// <summary>
/// Decides, per node and popular image, how far ahead to prepare it: nothing, its content (the layers
/// <see cref="PrefetchPlanner"/> orders) or, with <see cref="PrefetchPlannerOptions.UnpackAhead"/>, unpacked. An image
/// is unpacked ahead on a node that holds all of its content (an image still missing layers is the layer planner's,
/// and may be unpacked in a later round) when the node's share of its requests (its decayed count over the nodes that
/// hold its content) reaches <see cref="PrefetchPlannerOptions.MinImageRequestsPerNode"/>. A node takes the images
/// that save the most pod-start seconds per snapshot byte first, within its per-round cap and the room below its low
/// watermark that the round's content leaves: unpacking ahead never displaces anything.
/// </summary>
public sealed class UnpackPlanner
{
    private readonly PrefetchPlannerOptions _options;

    public UnpackPlanner(PrefetchPlannerOptions options)
    {
        _options = options.Validate();
    }

    /// <param name="cluster">The nodes and the state of each of their layers.</param>
    /// <param name="popularity">Cluster-wide decayed request counts per image.</param>
    /// <param name="resolve">The image (with its layers) a popular reference names; null when not known.</param>
    /// <param name="cost">What a pod start pays for each layer's state (the unpack is what is saved here).</param>
    /// <param name="content">The round's content orders, whose bytes come out of each node's room first.</param>
    /// <param name="alreadyOrdered">Whether the node was already ordered to unpack the image and has not reported it.</param>
    public IReadOnlyList<UnpackOrder> Plan(
        ClusterView cluster,
        PopularityTracker popularity,
        Func<string, ContainerImage?> resolve,
        PullCostModel cost,
        IReadOnlyList<PrefetchOrder>? content = null,
        Func<NodeCache, ContainerImage, bool>? alreadyOrdered = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(popularity);
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(cost);
        var orders = new List<UnpackOrder>();
        if (!_options.UnpackAhead)
        {
            return orders;
        }

        var wanted = new Dictionary<NodeCache, List<UnpackOrder>>();
        foreach (var (image, score) in Candidates(popularity, resolve))
        {
            var holders = ContentHolders(cluster, image);
            var expected = score / Math.Max(holders.Count, 1);
            if (expected < _options.MinImageRequestsPerNode)
            {
                continue;
            }

            foreach (var node in holders)
            {
                if (alreadyOrdered?.Invoke(node, image) == true)
                {
                    continue;
                }

                var unpack = cost.ImageSplit(image, node, cluster).UnpackSeconds;
                var snapshot = SnapshotBytes(node, image, planned: null);
                if (unpack > 0 && snapshot > 0)
                {
                    if (!wanted.TryGetValue(node, out var list))
                    {
                        wanted[node] = list = [];
                    }

                    list.Add(new UnpackOrder(node.Name, image, expected, unpack, snapshot, expected * unpack / snapshot));
                }
            }
        }

        // Nodes in the view's order, each's images most valuable first: the same inputs give the same orders.
        foreach (var node in cluster.Nodes)
        {
            if (wanted.TryGetValue(node, out var list))
            {
                list.Sort((a, b) => b.Priority != a.Priority
                    ? b.Priority.CompareTo(a.Priority)
                    : string.CompareOrdinal(a.Image.Reference, b.Image.Reference));
                Take(node, list, Room(node, content), orders);
            }
        }

        return orders;
    }

    /// <summary>The resolved candidates with their scores, a reference named twice counted once, most popular first.</summary>
    private List<(ContainerImage Image, double Score)> Candidates(PopularityTracker popularity, Func<string, ContainerImage?> resolve)
    {
        var scores = new Dictionary<string, (ContainerImage Image, double Score)>(StringComparer.Ordinal);
        foreach (var (reference, score) in popularity.TopImages(_options.CandidateImages))
        {
            if (resolve(reference) is not { DistinctLayers.Count: > 0 } image)
            {
                continue;
            }

            // Two spellings of one image ("nginx", "docker.io/library/nginx:latest") are one image's requests.
            scores[image.Reference] = scores.TryGetValue(image.Reference, out var seen) ? (image, seen.Score + score) : (image, score);
        }

        return [.. scores.Values.OrderByDescending(x => x.Score).ThenBy(x => x.Image.Reference, StringComparer.Ordinal)];
    }

    private void Take(NodeCache node, List<UnpackOrder> wanted, long room, List<UnpackOrder> orders)
    {
        var budget = Math.Min(_options.MaxUnpackBytesPerNodePerRound, room);
        var planned = new HashSet<Digest>();
        foreach (var order in wanted)
        {
            // A layer another image of the round unpacks is not counted twice.
            var bytes = SnapshotBytes(node, order.Image, planned);
            if (bytes == 0 || bytes > budget)
            {
                continue;
            }

            orders.Add(order with { SnapshotBytes = bytes });
            budget -= bytes;
            foreach (var layer in order.Image.DistinctLayers)
            {
                planned.Add(layer.Digest);
            }
        }
    }

    /// <summary>Snapshot bytes of the image's layers that the node holds as content only (and not already planned).</summary>
    private long SnapshotBytes(NodeCache node, ContainerImage image, HashSet<Digest>? planned)
    {
        long bytes = 0;
        foreach (var layer in image.DistinctLayers)
        {
            if (node.StateOf(layer.Digest) == LayerState.Present && planned?.Contains(layer.Digest) != true)
            {
                bytes += _options.SnapshotBytes(layer.SizeBytes);
            }
        }

        return bytes;
    }

    /// <summary>Room below the node's low watermark once the round's content orders onto it have landed.</summary>
    private static long Room(NodeCache node, IReadOnlyList<PrefetchOrder>? content)
    {
        var room = Math.Max(node.LowWatermarkBytes - node.UsedBytes, 0);
        if (content is null)
        {
            return room;
        }

        var freed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in content)
        {
            if (order.NodeName != node.Name)
            {
                continue;
            }

            room -= order.Layer.SizeBytes;
            foreach (var victim in order.Displace)
            {
                if (freed.Add(victim.Candidate.Name))
                {
                    room += victim.FreedBytes;
                }
            }
        }

        return Math.Max(room, 0);
    }

    /// <summary>The nodes that hold every layer of the image as content (present or unpacked), not still fetching any.</summary>
    private static List<NodeCache> ContentHolders(ClusterView cluster, ContainerImage image)
    {
        var holders = new List<NodeCache>();
        foreach (var node in cluster.HoldersOf(image.DistinctLayers[0].Digest))
        {
            if (image.DistinctLayers.All(l => node.StateOf(l.Digest) is LayerState.Present or LayerState.Unpacked))
            {
                holders.Add(node);
            }
        }

        return holders;
    }
}
