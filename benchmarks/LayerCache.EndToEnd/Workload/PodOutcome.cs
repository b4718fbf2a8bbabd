namespace LayerCache.EndToEnd.Workload;

/// <summary>One pod of the trace as it went: where it ran and what each part of its start-up took.</summary>
internal readonly record struct PodOutcome(
    int Node,
    double WaitSeconds,
    double StartupSeconds,
    bool Pulled,
    double PullSeconds,
    double ContainerStartSeconds,
    string? Error);
