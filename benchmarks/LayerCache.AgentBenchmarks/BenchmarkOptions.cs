using System.Globalization;

namespace LayerCache.AgentBenchmarks;

/// <summary>The command line: which benchmark, and the few knobs that shorten a run while developing it.</summary>
public sealed record BenchmarkOptions(string Benchmark, int Runs, int Images, int LayersPerImage, int SettleSeconds, int SampleSeconds, string? OnlySetting = null)
{
    public const string Usage = """
        usage: layercache-agent-bench prefetch|steady|resync [options]
          --runs N             prefetch: runs per contender (5); resync: warm runs (20)
          --images N           steady, resync: images in containerd (200)
          --layers-per-image N steady, resync: distinct layers per image (10)
          --settle-seconds N   steady: wait after /readyz before sampling (10)
          --sample-seconds N   steady: sampling window (60)
          --only TEXT          steady: only the runtime settings whose name contains TEXT
        """;

    private static readonly string[] Benchmarks = ["prefetch", "steady", "resync"];

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !Benchmarks.Contains(args[0]))
        {
            throw new ArgumentException("name a benchmark: prefetch, steady or resync");
        }

        var options = new BenchmarkOptions(args[0], Runs: args[0] == "resync" ? 20 : 5, Images: 200, LayersPerImage: 10, SettleSeconds: 10, SampleSeconds: 60);
        for (var i = 1; i < args.Count; i += 2)
        {
            if (args[i] == "--only" && i + 1 < args.Count)
            {
                options = options with { OnlySetting = args[i + 1] };
                continue;
            }

            var value = i + 1 < args.Count ? Positive(args[i], args[i + 1]) : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--runs" => options with { Runs = value },
                "--images" => options with { Images = value },
                "--layers-per-image" => options with { LayersPerImage = value },
                "--settle-seconds" => options with { SettleSeconds = value },
                "--sample-seconds" => options with { SampleSeconds = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} needs a positive whole number, not '{text}'");
}
