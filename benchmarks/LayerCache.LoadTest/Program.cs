using LayerCache.Hosting.Commands;
using LayerCache.LoadTest;
using LayerCache.LoadTest.Cost;
using LayerCache.LoadTest.Load;
using LayerCache.LoadTest.Resync;

var commandLine = LoadTestCommandLine.Create(
    async (nodes, seconds) =>
    {
        await PrioritizeBenchmark.RunAsync(Console.Out, nodes, [8, 16, 32], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(seconds));
        return ExitCodes.Success;
    },
    async (nodes, runs, json, idle) =>
    {
        await ResyncBenchmark.RunAsync(Console.Out, nodes, runs, idle, json);
        return ExitCodes.Success;
    },
    async settings =>
    {
        await CostBenchmark.RunAsync(Console.Out, settings);
        return ExitCodes.Success;
    });
return await ExecutableCommand.InvokeAsync(commandLine, args);
