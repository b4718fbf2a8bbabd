namespace LayerCache.AgentBenchmarks.Prefetch;

/// <summary>One probe run: wall time, and CPU seconds of this process and of containerd (NaN where containerd takes no part).</summary>
public sealed record ProbeResult(double Seconds, double ClientCpuSeconds, double ContainerdCpuSeconds);
