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

    /// <summary>
    /// Unpack ahead: an image whose layers a node holds as content only, and that enough pods are expected to start from
    /// there, is ordered unpacked into snapshots (<see cref="UnpackPlanner"/>), so its next pod pays neither transfer nor
    /// unpack. Off: only content is prefetched, and every pod start on a prefetched node still pays the unpack.
    /// </summary>
    public bool UnpackAhead { get; init; }

    /// <summary>How many of the most popular images are considered for unpack ahead each round.</summary>
    public int CandidateImages { get; init; } = 64;

    /// <summary>
    /// An image is unpacked ahead on a node only if the node expects at least this many decayed requests for it: the
    /// image's count shared among the nodes that hold its content.
    /// </summary>
    public double MinImageRequestsPerNode { get; init; } = 8;

    /// <summary>At most this many snapshot bytes are ordered unpacked onto one node in one round.</summary>
    public long MaxUnpackBytesPerNodePerRound { get; init; } = 2L << 30;

    /// <summary>
    /// Disk an unpacked snapshot takes per byte of its compressed layer, beside the blob. The default, 2.3, is the
    /// unpacked-to-compressed ratio of LayerCache's own images (2.2 to 2.5, docs/install.md); operations.md's
    /// "two to three times" is the same range. Use 1 for layers that do not compress.
    /// </summary>
    public double UnpackedToCompressedRatio { get; init; } = 2.3;

    /// <summary>Disk the snapshot of a layer of <paramref name="sizeBytes"/> takes beside its blob.</summary>
    public long SnapshotBytes(long sizeBytes) => (long)Math.Ceiling(sizeBytes * UnpackedToCompressedRatio);

    public PrefetchPlannerOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CandidateLayers);
        ArgumentOutOfRangeException.ThrowIfNegative(MinLayerRequests);
        ArgumentOutOfRangeException.ThrowIfNegative(MinRequestsPerReplica);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBytesPerNodePerRound);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxLayersPerNodePerRound);
        ArgumentOutOfRangeException.ThrowIfNegative(CandidateImages);
        ArgumentOutOfRangeException.ThrowIfNegative(MinImageRequestsPerNode);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxUnpackBytesPerNodePerRound);
        if (!double.IsFinite(UnpackedToCompressedRatio) || UnpackedToCompressedRatio < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(UnpackedToCompressedRatio), UnpackedToCompressedRatio, "The unpacked-to-compressed ratio is a finite number >= 0.");
        }

        return this;
    }
}
