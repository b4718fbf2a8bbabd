namespace LayerCache.AgentBenchmarks;

/// <summary>Which benchmark, and the few knobs that shorten a run while developing it (see <see cref="BenchmarkCommandLine"/>).</summary>
public sealed record BenchmarkOptions(string Benchmark, int Runs, int Images, int LayersPerImage, int SettleSeconds, int SampleSeconds, string? OnlySetting = null);
