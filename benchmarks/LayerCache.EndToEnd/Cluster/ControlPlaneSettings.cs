namespace LayerCache.EndToEnd.Cluster;

/// <summary>How the coordinator of one policy's run is configured.</summary>
internal sealed record ControlPlaneSettings(
    bool PlannerEnabled,
    string PlannerPolicy,
    TimeSpan PlannerInterval,
    double MinRequestsPerReplica,
    TimeSpan PopularityHalfLife,
    string RegistryHostPort,
    string OrderKeysDirectory);
