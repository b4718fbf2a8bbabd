namespace LayerCache.AgentBenchmarks.Steady;

/// <summary>What one idle window of the agent process measured.</summary>
public sealed record SteadySample(
    string Setting,
    TimeSpan ReadyAfter,
    long MaxRssBytes,
    long FinalRssBytes,
    long PeakRssBytes,
    long FinalRssAnonBytes,
    long FinalRssFileBytes,
    double CpuPercentOfOneCore,
    double ResyncsInWindow,
    IReadOnlyList<long> RssBytes,
    IReadOnlyList<(string Name, double Seconds)> CpuByThread);
