namespace LayerCache.EndToEnd.Nodes;

/// <summary>What the kubelet's part of one pod start took: the image pull (none when the image was there) and the container start.</summary>
internal readonly record struct PodStart(bool Pulled, double PullSeconds, double ContainerStartSeconds, int PullAttempts);
