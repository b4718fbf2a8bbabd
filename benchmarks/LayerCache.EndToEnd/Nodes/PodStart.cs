namespace LayerCache.EndToEnd.Nodes;

/// <summary>
/// What the kubelet's part of one pod start took: the image pull (none when the image was there) and the container
/// start. <see cref="PullStartedAt"/> and <see cref="PullEndedAt"/> bound the CRI PullImage on the wall clock, the clock
/// containerd stamps its events with (default when there was no pull).
/// </summary>
internal readonly record struct PodStart(bool Pulled, double PullSeconds, double ContainerStartSeconds, int PullAttempts)
{
    public DateTimeOffset PullStartedAt { get; init; }

    public DateTimeOffset PullEndedAt { get; init; }
}
