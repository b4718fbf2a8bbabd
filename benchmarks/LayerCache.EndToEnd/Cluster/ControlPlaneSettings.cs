namespace LayerCache.EndToEnd.Cluster;

/// <summary>
/// How the coordinator of one policy's run is configured. With <see cref="LanBytesPerSecond"/> (layercache+peer) its
/// hints price a layer the site holds at the LAN's rate and the registry at <see cref="UplinkBytesPerSecond"/>, and its
/// planner seeds the site before adding copies. With <see cref="UnpackAhead"/> (layercache+unpack) its planner orders
/// images unpacked ahead on the nodes, not only their layers fetched (<c>Planner:UnpackAhead</c>).
/// </summary>
internal sealed record ControlPlaneSettings(
    bool PlannerEnabled,
    string PlannerPolicy,
    TimeSpan PlannerInterval,
    double MinRequestsPerReplica,
    TimeSpan PopularityHalfLife,
    string RegistryHostPort,
    string OrderKeysDirectory,
    double LanBytesPerSecond = 0,
    double UplinkBytesPerSecond = 0)
{
    public bool UnpackAhead { get; init; }

    /// <summary>With <see cref="UnpackAhead"/>: the planner's bar for unpacking an image on a node (<c>Planner:MinImageRequestsPerNode</c>).</summary>
    public double MinImageRequestsPerNode { get; init; }
}
