using BenchmarkDotNet.Running;
using LayerCache.Benchmarks;
using LayerCache.Benchmarks.Scoring;
using LayerCache.Hosting.Commands;

var commandLine = BenchCommandLine.Create(
    calls =>
    {
        LatencyLoop.Run(Console.Out, [500, 5_000], calls, warmupCalls: 1_000);
        return ExitCodes.Success;
    },
    (nodes, runs) =>
    {
        LayerCache.Benchmarks.View.ViewBuild.Run(Console.Out, nodes, runs);
        return ExitCodes.Success;
    },
    rest =>
    {
        BenchmarkSwitcher.FromAssembly(typeof(PodScoringBenchmark).Assembly).Run(rest);
        return ExitCodes.Success;
    });
return await ExecutableCommand.InvokeAsync(commandLine, args);
