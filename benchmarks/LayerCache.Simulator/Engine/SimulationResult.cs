namespace LayerCache.Simulator.Engine;

/// <summary>What one policy achieved over one run.</summary>
public sealed record SimulationResult
{
    public required string Policy { get; init; }

    public required int Requests { get; init; }

    public required double MeanSeconds { get; init; }

    public required double P50Seconds { get; init; }

    public required double P95Seconds { get; init; }

    public required double P99Seconds { get; init; }

    /// <summary>Mean time a request waited for a feasible node.</summary>
    public required double MeanQueueSeconds { get; init; }

    /// <summary>Share of requested layer bytes that were on the node (or on their way) when the pod was placed.</summary>
    public required double HitRatio { get; init; }

    public required long OnDemandBytes { get; init; }

    public required long PrefetchBytes { get; init; }

    public required double SlotUtilization { get; init; }

    public required double FreeStorageFraction { get; init; }

    public required long Evictions { get; init; }

    /// <summary>Bytes the evictions freed (watermark evictions and the prefetch's displacements).</summary>
    public required long EvictedBytes { get; init; }

    public required double WallSeconds { get; init; }

    /// <summary>Bytes of pulls and prefetches that came from the registry over the uplink (all of them without peer fetch).</summary>
    public long RegistryBytes { get; init; }

    /// <summary>Bytes of pulls and prefetches that came from a node of the same site over the LAN.</summary>
    public long PeerBytes { get; init; }

    /// <summary>
    /// Of the mean start-up, the time waiting: for a feasible node (<see cref="MeanQueueSeconds"/>), then for layers other
    /// pulls or a prefetch were bringing. Wait, transfer, unpack and start add up to <see cref="MeanSeconds"/>.
    /// </summary>
    public double MeanWaitSeconds { get; init; }

    /// <summary>Of the mean start-up, the transfer of the layers the node lacked (from the registry or a peer).</summary>
    public double MeanTransferSeconds { get; init; }

    /// <summary>Of the mean start-up, the unpack of layers not yet unpacked on the node (a prefetched blob pays this alone).</summary>
    public double MeanUnpackSeconds { get; init; }

    /// <summary>Of the mean start-up, the container's own start (<see cref="ClusterSettings.ContainerStartSeconds"/>).</summary>
    public double MeanStartSeconds { get; init; }

    /// <summary>Snapshot bytes that nodes unpacked ahead of any pod (the policies that unpack ahead).</summary>
    public long UnpackAheadBytes { get; init; }

    public long TotalBytes => OnDemandBytes + PrefetchBytes;
}
