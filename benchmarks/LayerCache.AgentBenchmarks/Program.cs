using LayerCache.AgentBenchmarks;
using LayerCache.AgentBenchmarks.Prefetch;
using LayerCache.AgentBenchmarks.Resync;
using LayerCache.AgentBenchmarks.Steady;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"layercache-agent-bench: {e.Message}");
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var log = new ProgressLog(Console.Error);
switch (options.Benchmark)
{
    case "prefetch":
        await new PrefetchBenchmark(options, log).RunAsync(Console.Out, cancel.Token);
        break;
    case "steady":
        await new SteadyStateBenchmark(options, log).RunAsync(Console.Out, cancel.Token);
        break;
    default:
        await new ResyncBenchmark(options, log).RunAsync(Console.Out, cancel.Token);
        break;
}

return 0;
