using System.Diagnostics;
using System.Globalization;

namespace LayerCache.Benchmarks.Scoring;

/// <summary>
/// Times each of many scoring calls alone with <see cref="Stopwatch"/>, for the per-call percentiles that
/// BenchmarkDotNet's iteration means cannot give, and counts the bytes this thread allocated per call.
/// </summary>
public static class LatencyLoop
{
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(2);

    public static void Run(TextWriter output, IReadOnlyList<int> nodeCounts, int calls, int warmupCalls)
    {
        output.WriteLine("## scoring latency, each call timed alone");
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()}."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{warmupCalls:N0} warm-up calls (and at least {WarmupTime.TotalSeconds:N0} s of them), then {calls:N0} timed calls of `HintService.Score` (and disposing its scores) on one thread."));
        output.WriteLine();
        var rows = new List<string[]>();
        foreach (var nodes in nodeCounts)
        {
            using var fixture = new ScoringFixture(nodes);
            if (nodes == nodeCounts[^1])
            {
                ClusterReport.Write(output, fixture.Cluster);
            }

            rows.Add(Measure(fixture, nodes, calls, warmupCalls));
        }

        MarkdownTable.Write(
            output,
            ["nodes", "calls", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "mean µs", "allocated B/call", "gen0", "gen1", "gen2", "(layer, holder) pairs", "PodFit.Compute alone p50 µs", "p99 < 1 ms", "RecordHint B/call"],
            rows);
    }

    private static string[] Measure(ScoringFixture fixture, int nodes, int calls, int warmupCalls)
    {
        // At least two seconds of warm-up: the tiered compiler replaces the first code in the background.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < warmupCalls || warm.Elapsed < WarmupTime; i++)
        {
            fixture.Score().Dispose();
        }

        var micros = new double[calls];
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            fixture.Score().Dispose();
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / calls;
        Array.Sort(micros);
        var p99 = Percentile.Of(micros, 99);
        return
        [
            Format(nodes), Format(calls), Format(Percentile.Of(micros, 50)), Format(Percentile.Of(micros, 90)), Format(p99),
            Format(Percentile.Of(micros, 99.9)), Format(micros[^1]), Format(micros.Average()), Format(perCall),
            Format(GC.CollectionCount(0) - gen0), Format(GC.CollectionCount(1) - gen1), Format(GC.CollectionCount(2) - gen2),
            Format(fixture.HolderPairs()), Format(fixture.MedianPodFitMicroseconds(calls / 10)),
            p99 < 1_000 ? "met" : "not met", Format(RecordHintBytes(fixture, calls)),
        ];
    }

    /// <summary>The bytes this thread allocates per metrics record of a hint request (count and latency), after a first one.</summary>
    private static double RecordHintBytes(ScoringFixture fixture, int calls)
    {
        fixture.RecordHint(resolved: true, Stopwatch.GetTimestamp());
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            fixture.RecordHint(resolved: true, Stopwatch.GetTimestamp());
        }

        return (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)calls;
    }

    private static string Format(double value) => value.ToString(value >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture);
}
