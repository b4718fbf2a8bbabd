namespace LayerCache.AgentBenchmarks.Unpack;

/// <summary>One run of one case: the preparation ahead, the kubelet's CRI pull after it, and the container's start.</summary>
public readonly record struct UnpackRun(double AheadSeconds, double PullSeconds, double StartSeconds);
