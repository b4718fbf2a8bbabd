namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// One pod to schedule, as the API server holds it once created: what <see cref="ExtenderArgsWriter"/> turns into the
/// v1.Pod that kube-scheduler posts to the extender. Every pod asks for <see cref="CpuRequest"/> and
/// <see cref="MemoryRequest"/> (one slot of a node) with no limits, so its QoS class is Burstable.
/// </summary>
internal sealed record PodManifest
{
    /// <summary>A tenth of a core: what a small edge workload asks for.</summary>
    public const string CpuRequest = "100m";

    public const string MemoryRequest = "64Mi";

    public const string DefaultSchedulerName = "default-scheduler";

    public required string Name { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>Given by the caller so that a run is reproducible (the API server would draw a random UUID).</summary>
    public required string Uid { get; init; }

    public string ResourceVersion { get; init; } = "1";

    /// <summary>Written in seconds, UTC, as metav1.Time marshals it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public required ContainerManifest Container { get; init; }

    /// <summary>Run before <see cref="Container"/>, in order.</summary>
    public IReadOnlyList<ContainerManifest> InitContainers { get; init; } = [];

    public string SchedulerName { get; init; } = DefaultSchedulerName;

    /// <summary>Every image of the pod, init containers first, as kube-scheduler's ImageLocality reads them.</summary>
    public IEnumerable<string> Images => InitContainers.Select(c => c.Image).Append(Container.Image);

    /// <summary>A pod of one container named <c>app</c>.</summary>
    public static PodManifest Of(string name, string uid, string image, DateTimeOffset createdAt) => new()
    {
        Name = name,
        Uid = uid,
        CreatedAt = createdAt,
        Container = new ContainerManifest("app", image),
    };
}
