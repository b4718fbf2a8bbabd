namespace LayerCache.LoadTest.Load;

/// <summary>What one closed-loop run measured in its window: latencies of the requests that completed, errors, CPU.</summary>
public sealed record LoadResult(
    int Concurrency,
    double WindowSeconds,
    double[] SortedMilliseconds,
    int Errors,
    double CoordinatorCpuSeconds,
    double LoadGeneratorCpuSeconds)
{
    public double RequestsPerSecond => SortedMilliseconds.Length / WindowSeconds;
}
