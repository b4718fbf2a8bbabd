using System.Globalization;
using LayerCache.LoadTest.Load;
using LayerCache.LoadTest.Resync;

// prioritize [nodes] [seconds]: extender load at 8, 16 and 32 connections. resync [nodes] [runs]: Redis memory and
// the coordinator's full sync. Markdown to stdout, progress to stderr.
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

switch (args.FirstOrDefault())
{
    case "prioritize":
        await PrioritizeBenchmark.RunAsync(Console.Out, Arg(1, 500), [8, 16, 32], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(Arg(2, 20)));
        return 0;
    case "resync":
        await ResyncBenchmark.RunAsync(Console.Out, Arg(1, 5_000), Arg(2, 5));
        return 0;
    default:
        Console.Error.WriteLine("usage: layercache-loadtest prioritize [nodes=500] [seconds=20] | resync [nodes=5000] [runs=5]");
        return 2;
}
