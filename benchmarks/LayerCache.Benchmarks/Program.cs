using System.Globalization;
using BenchmarkDotNet.Running;
using LayerCache.Benchmarks.Scoring;

// `latency [calls]`: each scoring call timed alone (p50/p99); anything else goes to BenchmarkDotNet's switcher.
if (args is ["latency", ..])
{
    var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
    LatencyLoop.Run(Console.Out, [500, 5_000], calls, warmupCalls: 1_000);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(PodScoringBenchmark).Assembly).Run(args);
return 0;
