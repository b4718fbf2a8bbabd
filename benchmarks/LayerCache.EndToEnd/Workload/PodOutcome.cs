namespace LayerCache.EndToEnd.Workload;

/// <summary>
/// One pod of the trace as it went: where it ran and what each part of its start-up took; its pull's wall-clock
/// bounds (default when it did not pull) place it among its node's unpacks.
/// </summary>
internal readonly record struct PodOutcome(
    int Node,
    double WaitSeconds,
    double StartupSeconds,
    bool Pulled,
    double PullSeconds,
    double ContainerStartSeconds,
    string? Error,
    DateTimeOffset PullStartedAt = default,
    DateTimeOffset PullEndedAt = default);
