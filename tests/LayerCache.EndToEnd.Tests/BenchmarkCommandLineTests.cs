using LayerCache.EndToEnd.Tests.Site;
using LayerCache.Testing;
using LayerCache.Testing.Processes;

namespace LayerCache.EndToEnd.Tests;

/// <summary>The benchmark executables' command lines, run as built: help and version start nothing, a bad argument is one line and exit code 2.</summary>
public sealed class BenchmarkCommandLineTests
{
    /// <summary>Release or Debug, as these tests were built; the benchmarks were built the same way beside them.</summary>
    private static readonly string Configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static TheoryData<string, string> Executables => new()
    {
        { "LayerCache.EndToEnd", "layercache-e2e" },
        { "LayerCache.Simulator", "layercache-sim" },
        { "LayerCache.LoadTest", "layercache-loadtest" },
        { "LayerCache.Benchmarks", "layercache-bench" },
        { "LayerCache.AgentBenchmarks", "layercache-agent-bench" },
    };

    [Theory]
    [MemberData(nameof(Executables))]
    public Task HelpAndVersion_PrintAndExit0_InLittleCpuWithoutAPort(string project, string name) =>
        StartsNothing.AssertHelpAndVersionAsync(Command(project, name), name);

    // The default trace's largest image (the corpus's nuxeo at the default --size-scale) is over 40 MB.
    private const string StorageUnderLargestImage =
        "--storage-mb 40 is less than the trace's largest image, docker.io/library/nuxeo:latest at 43.6 MB: no node could hold it (--storage-mb 44 or more)";

    [Theory]
    [InlineData("LayerCache.EndToEnd", "layercache-e2e", "--pods 0", "--pods must be at least 1")]
    [InlineData("LayerCache.EndToEnd", "layercache-e2e", "relay --listen 127.0.0.1:0 --to nowhere --delay-ms 5", "--to needs ADDR:PORT; got 'nowhere'")]
    [InlineData("LayerCache.EndToEnd", "layercache-e2e", "--pods 300 --storage-mb 40", StorageUnderLargestImage)]
    [InlineData("LayerCache.EndToEnd", "layercache-e2e", "--simulate-only --pods 300 --storage-mb 40", StorageUnderLargestImage)]
    [InlineData("LayerCache.Simulator", "layercache-sim", "--nodes x", "--nodes needs a whole number; got 'x'")]
    [InlineData("LayerCache.LoadTest", "layercache-loadtest", "resync many", "nodes needs a whole number of at least 1; got 'many'")]
    [InlineData("LayerCache.LoadTest", "layercache-loadtest", "cost --nodes 500,x", "--nodes needs whole numbers of at least 1, comma-separated; got '500,x'")]
    [InlineData("LayerCache.Benchmarks", "layercache-bench", "latency 0", "calls needs a whole number of at least 1; got '0'")]
    [InlineData("LayerCache.AgentBenchmarks", "layercache-agent-bench", "steady --runs 3", "Unrecognized command or argument '--runs'")]
    public async Task BadArgument_OneLineAndExit2(string project, string name, string arguments, string message)
    {
        var command = Command(project, name);

        var exit = await TracedProcess.RunAsync(command[0], [.. command.Skip(1), .. arguments.Split(' ')], TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit.ExitCode);
        Assert.Equal($"{name}: {message} (see --help)", exit.Error.Trim());
        Assert.Empty(exit.InetPortCalls);
    }

    [Fact]
    public async Task Bench_OtherArguments_GoToBenchmarkDotNet()
    {
        var command = Command("LayerCache.Benchmarks", "layercache-bench");

        var exit = await TracedProcess.RunAsync(command[0], [.. command.Skip(1), "--list", "flat"], TimeSpan.FromSeconds(60));

        Assert.True(exit.ExitCode == 0, exit.Error);
        Assert.Contains("LayerCache.Benchmarks.Scoring.PodScoringBenchmark.ScorePod", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", exit.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A script can check the resync numbers: one JSON object with what it measured, on a real Redis and coordinator; the
    /// peak read after the coordinator was left idle is of the same process, so it is no less than the peak at its read.
    /// </summary>
    [Fact]
    public async Task LoadTestResync_Json_PrintsOneObjectAScriptCanCheck()
    {
        var command = Command("LayerCache.LoadTest", "layercache-loadtest");

        var exit = await TracedProcess.RunAsync(command[0], [.. command.Skip(1), "resync", "20", "1", "--json", "--idle", "3"], TimeSpan.FromMinutes(3));

        Assert.True(exit.ExitCode == 0, exit.Error);
        using var document = System.Text.Json.JsonDocument.Parse(exit.Output);
        var result = document.RootElement;
        Assert.Equal(20, result.GetProperty("nodes").GetInt32());
        Assert.Equal(1, result.GetProperty("runs").GetInt32());
        Assert.InRange(result.GetProperty("redis_bytes_per_node").GetDouble(), 1_000, 10_000_000);
        Assert.InRange(result.GetProperty("full_read_seconds").GetDouble(), 1e-6, 120);
        var rss = result.GetProperty("coordinator_rss_bytes").GetInt64();
        Assert.InRange(rss, 1_000_000, 8_000_000_000);
        var peak = result.GetProperty("coordinator_peak_rss_bytes").GetInt64();
        Assert.InRange(peak, rss, 8_000_000_000);
        Assert.Equal(3, result.GetProperty("idle_seconds").GetDouble());
        Assert.InRange(result.GetProperty("coordinator_idle_peak_rss_bytes").GetInt64(), peak, 8_000_000_000);
    }

    /// <summary>
    /// A script can check the cost per node: every phase of a small cluster, on a real Redis and coordinator, has Redis
    /// commands and bytes, the coordinator's CPU and the load the agents were meant to do; a pull storm writes more than rest.
    /// </summary>
    [Fact]
    public async Task LoadTestCost_Json_EveryPhaseMeasuredAgainstRealRedisAndCoordinator()
    {
        var command = Command("LayerCache.LoadTest", "layercache-loadtest");
        string[] arguments = ["cost", "--nodes", "20", "--window-seconds", "6", "--settle-seconds", "3", "--pull-every-seconds", "2", "--burst-every-seconds", "3", "--json"];

        var exit = await TracedProcess.RunAsync(command[0], [.. command.Skip(1), .. arguments], TimeSpan.FromMinutes(4));

        Assert.True(exit.ExitCode == 0, exit.Error);
        using var document = System.Text.Json.JsonDocument.Parse(exit.Output);
        var result = document.RootElement;
        Assert.Equal(6, result.GetProperty("window_seconds").GetDouble());
        var rows = result.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("phase").GetString()!);
        Assert.Equal(["order_burst", "pull_storm", "rest"], rows.Keys.Order());
        foreach (var row in rows.Values)
        {
            Assert.Equal(20, row.GetProperty("nodes").GetInt32());
            Assert.InRange(row.GetProperty("seconds").GetDouble(), 5.5, 60);
            Assert.InRange(row.GetProperty("redis_commands_per_node_second").GetDouble(), 0.1, 10_000);
            Assert.InRange(row.GetProperty("redis_in_bytes_per_node_second").GetDouble(), 10, 10_000_000);
            Assert.InRange(row.GetProperty("redis_out_bytes_per_node_second").GetDouble(), 10, 10_000_000);
            Assert.InRange(row.GetProperty("coordinator_cpu_ms_per_node_second").GetDouble(), 0, 1_000);
            Assert.InRange(row.GetProperty("achieved_share").GetDouble(), 0.5, 10);
            Assert.True(row.GetProperty("heartbeats").GetInt64() > 0, row.ToString());
            Assert.True(row.GetProperty("polls").GetInt64() > 0, row.ToString());
        }

        Assert.True(
            rows["pull_storm"].GetProperty("redis_in_bytes_per_node_second").GetDouble() > rows["rest"].GetProperty("redis_in_bytes_per_node_second").GetDouble(),
            exit.Output);
        Assert.True(rows["pull_storm"].GetProperty("pulls").GetInt64() > 0, exit.Output);
        Assert.Equal(0, rows["rest"].GetProperty("pulls").GetInt64());
        Assert.True(rows["order_burst"].GetProperty("orders_appended").GetInt64() > 0, exit.Output);
        Assert.True(rows["order_burst"].GetProperty("orders_completed").GetInt64() > 0, exit.Output);
        Assert.True(rows["order_burst"].GetProperty("progress_reports").GetInt64() > 0, exit.Output);
    }

    private static string[] Command(string project, string name) =>
        project == "LayerCache.EndToEnd"
            ? ["dotnet", E2eExecutable.Path]
            : ["dotnet", Path.Combine(RepositoryRoot.Path, "benchmarks", project, "bin", Configuration, "net10.0", $"{name}.dll")];
}
