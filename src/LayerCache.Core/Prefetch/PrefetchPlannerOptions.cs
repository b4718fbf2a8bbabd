namespace LayerCache.Core.Prefetch;

/// <summary>
/// Settings of the prefetch planner. To add one: 1. a property here with its unit in the name and a default;
/// 2. a check in <see cref="Validate"/>; 3. its use in <see cref="PrefetchPlanner"/>; 4. a test; 5. a line in docs.
/// </summary>
public sealed record PrefetchPlannerOptions
{
    /// <summary>How many of the most popular layers are considered each round.</summary>
    public int CandidateLayers { get; init; } = 256;

    /// <summary>A layer needs at least this decayed request count to be worth prefetching.</summary>
    public double MinLayerRequests { get; init; } = 2;

    /// <summary>
    /// Another copy of a layer must expect at least this many decayed requests (the layer's count over its holders
    /// plus one): a copy no pod will land on is bytes spent for nothing.
    /// </summary>
    public double MinRequestsPerReplica { get; init; } = 32;

    /// <summary>At most this many bytes are ordered onto one node in one round.</summary>
    public long MaxBytesPerNodePerRound { get; init; } = 1L << 30;

    /// <summary>At most this many layers are ordered onto one node in one round.</summary>
    public int MaxLayersPerNodePerRound { get; init; } = 32;

    /// <summary>
    /// Peer fetch is on: a layer a node's site lacks is worth a copy in that site before any site gets a second one
    /// (a node of the site then fetches it over the LAN, not the uplink). Its bar is the share of the layer's requests
    /// that the site's nodes would see (its score times the site's nodes over all nodes) against
    /// <see cref="MinRequestsPerReplica"/>; the copy goes to the first node of the site with room.
    /// </summary>
    public bool SeedEachSiteFirst { get; init; }

    public PrefetchPlannerOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CandidateLayers);
        ArgumentOutOfRangeException.ThrowIfNegative(MinLayerRequests);
        ArgumentOutOfRangeException.ThrowIfNegative(MinRequestsPerReplica);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBytesPerNodePerRound);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxLayersPerNodePerRound);
        return this;
    }
}
