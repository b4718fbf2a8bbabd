using BenchmarkDotNet.Columns;
using Perfolizer.Metrology;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LayerCache.Benchmarks.Scoring;

/// <summary>
/// A short job (3 warm-ups, 15 measured iterations, one launch) that finishes in minutes on 2 cores, in process so
/// that no second project is generated and built; allocated bytes per call (in bytes, not rounded to KB, so that
/// equal counts read as equal) and the spread of iteration means.
/// </summary>
public sealed class ScoringConfig : ManualConfig
{
    public ScoringConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(15).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max, StatisticColumn.P95);
        WithSummaryStyle(SummaryStyle.Default.WithSizeUnit(SizeUnit.B));
    }
}
