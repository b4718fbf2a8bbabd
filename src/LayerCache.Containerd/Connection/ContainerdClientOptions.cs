namespace LayerCache.Containerd;

/// <summary>Where containerd listens and how patiently to wait for it when it restarts.</summary>
public sealed class ContainerdClientOptions
{
    public const string DefaultSocketPath = "/run/containerd/containerd.sock";

    /// <summary>The namespace the kubelet's images live in.</summary>
    public const string KubernetesNamespace = "k8s.io";

    public string SocketPath { get; set; } = DefaultSocketPath;

    public string Namespace { get; set; } = KubernetesNamespace;

    /// <summary>Large enough for a big content listing; containerd's own limit is 16 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a call keeps retrying while containerd is unavailable before it fails.</summary>
    public TimeSpan ReconnectGiveUpAfter { get; set; } = TimeSpan.FromSeconds(60);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
