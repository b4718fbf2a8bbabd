using LayerCache.EndToEnd.Scheduling;

namespace LayerCache.EndToEnd.Tests.Scheduling;

/// <summary>The pods the scheduling tests place.</summary>
internal static class SampleManifests
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>An init container with an untagged image and an app container with a tagged one.</summary>
    public static PodManifest WithInit() => new()
    {
        Name = "pod-0007",
        Uid = "00000000-0000-4000-8000-000000000007",
        CreatedAt = CreatedAt,
        InitContainers = [new ContainerManifest("setup", "registry.local:5000/edge/init")],
        Container = new ContainerManifest("app", "registry.local:5000/edge/app:1.2"),
    };

    public static PodManifest Of(string image) => PodManifest.Of("pod-1", "00000000-0000-4000-8000-000000000001", image, CreatedAt);
}
