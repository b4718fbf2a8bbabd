using LayerCache.AgentBenchmarks;
using LayerCache.AgentBenchmarks.Prefetch;
using LayerCache.AgentBenchmarks.Resync;
using LayerCache.AgentBenchmarks.Steady;
using LayerCache.AgentBenchmarks.Unpack;
using LayerCache.Hosting.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await ExecutableCommand.InvokeAsync(BenchmarkCommandLine.Create((options, _) => RunAsync(options, cancel.Token)), args);

static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
{
    var log = new ProgressLog(Console.Error);
    switch (options.Benchmark)
    {
        case "prefetch":
            await new PrefetchBenchmark(options, log).RunAsync(Console.Out, cancellationToken);
            break;
        case "unpack":
            await new UnpackBenchmark(options, log).RunAsync(Console.Out, cancellationToken);
            break;
        case "steady":
            await new SteadyStateBenchmark(options, log).RunAsync(Console.Out, cancellationToken);
            break;
        default:
            await new ResyncBenchmark(options, log).RunAsync(Console.Out, cancellationToken);
            break;
    }

    return ExitCodes.Success;
}
