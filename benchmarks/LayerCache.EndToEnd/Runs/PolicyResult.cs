namespace LayerCache.EndToEnd.Runs;

/// <summary>What one policy measured over one run of the trace on a fresh edge site.</summary>
internal sealed record PolicyResult
{
    public required string Policy { get; init; }

    /// <summary>Pods started; start-up seconds of each, in trace order.</summary>
    public required IReadOnlyList<double> StartupSeconds { get; init; }

    public required double MeanSeconds { get; init; }

    public required double P50Seconds { get; init; }

    public required double P95Seconds { get; init; }

    public required double P99Seconds { get; init; }

    /// <summary>Mean seconds a pod waited for a node with a free slot.</summary>
    public required double MeanWaitSeconds { get; init; }

    /// <summary>
    /// Mean seconds of the pull's transfer, over all pods (0 for a pod that did not pull): with
    /// <see cref="MeanWaitSeconds"/>, <see cref="MeanUnpackSeconds"/> and <see cref="MeanStartSeconds"/> it makes up
    /// <see cref="MeanSeconds"/> (see <see cref="Workload.StartupParts"/>).
    /// </summary>
    public required double MeanTransferSeconds { get; init; }

    /// <summary>Mean seconds of the pull's unpack, over all pods, from the unpacks the nodes' containerd logged.</summary>
    public required double MeanUnpackSeconds { get; init; }

    /// <summary>Mean seconds of the rest of the start-up after the pull, over all pods: mostly the container's create and start.</summary>
    public required double MeanStartSeconds { get; init; }

    /// <summary>Mean seconds of the CRI PullImage (transfer and unpack), over the pods that pulled.</summary>
    public required double MeanPullSeconds { get; init; }

    /// <summary>Mean seconds to create and start the container once its image was there.</summary>
    public required double MeanContainerStartSeconds { get; init; }

    /// <summary>Bytes the registry served (blobs and manifests), from its own log.</summary>
    public required long RegistryBytes { get; init; }

    /// <summary>Bytes that crossed the site's uplink toward the site.</summary>
    public required long WanBytes { get; init; }

    /// <summary>Mean share of all slots busy over the run.</summary>
    public required double SlotUtilization { get; init; }

    /// <summary>Pods started on each node, in node order: the spread of slot use across nodes.</summary>
    public required IReadOnlyList<int> PodsPerNode { get; init; }

    /// <summary>Coefficient of variation of <see cref="PodsPerNode"/> (0 = perfectly even).</summary>
    public double PodSpread
    {
        get
        {
            if (PodsPerNode.Count == 0)
            {
                return 0;
            }

            var mean = PodsPerNode.Average();
            if (mean == 0)
            {
                return 0;
            }

            var variance = PodsPerNode.Average(p => (p - mean) * (p - mean));
            return Math.Sqrt(variance) / mean;
        }
    }

    public required double WallSeconds { get; init; }

    /// <summary>Bytes the nodes' agents evicted (their <c>layercache_evicted_bytes_total</c> at the end of the run, summed).</summary>
    public long EvictedBytes { get; init; }

    /// <summary>Bytes the nodes fetched from one another over the LAN (their <c>layercache_peer_fetched_bytes_total</c>, summed).</summary>
    public long PeerBytes { get; init; }

    /// <summary>What the placements' audit found, when the run was audited.</summary>
    public Workload.PullAuditTotals? Audit { get; init; }
}
