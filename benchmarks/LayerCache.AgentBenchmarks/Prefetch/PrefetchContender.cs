using LayerCache.Testing.Containerd;

namespace LayerCache.AgentBenchmarks.Prefetch;

/// <summary>One way of getting the image's layers into a fresh containerd, timed from start to finish.</summary>
public sealed record PrefetchContender(string Name, string Does, Func<ContainerdFixture, string, CancellationToken, Task<TimeSpan>> RunAsync);
