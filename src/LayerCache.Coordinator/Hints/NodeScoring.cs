namespace LayerCache.Coordinator.Hints;

/// <summary>How one node scored: the link it was charged at, the extra seconds of a link slower than the fastest, the results.</summary>
internal readonly record struct NodeScoring(double LinkBytesPerSecond, double SlowerLinkSeconds, double Seconds, double Raw, int Score);
