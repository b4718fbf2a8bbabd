using LayerCache.Cli.Tests.Support;
using LayerCache.Testing;

namespace LayerCache.Cli.Tests;

/// <summary><c>layercache simulate</c> running the real simulator: a bar per policy to 100% in a terminal, the results as JSON for scripts.</summary>
public sealed class SimulateTests
{
    private static readonly string Corpus = Path.Combine(RepositoryRoot.Path, "benchmarks", "data", "dockerhub-official-2019.jsonl");

    private static readonly string[] Small = ["--corpus", Corpus, "--nodes", "20", "--rate", "20", "--duration", "100", "--parallel", "1"];

    [Fact]
    public async Task Simulate_InATerminal_ABarPerPolicyTo100_ThenTheResults()
    {
        var run = await CliRun.RunInTerminalAsync(null, ["simulate", .. Small]);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{run.Output}{run.Error}");
        foreach (var policy in new[] { "agnostic", "image", "layer" })
        {
            Assert.Matches($@"{policy}\s+\S*━+\S*\s+(\x1b\[[0-9;]*m)?100%", run.Output);
        }

        Assert.Contains("mean s", run.Output, StringComparison.Ordinal);
        Assert.Contains("speedup", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_Json_OneObjectPerPolicy()
    {
        var run = await CliRun.RunAsync(null, ["simulate", .. Small, "-o", "json"]);

        using var json = run.Json();
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["agnostic", "image", "layer"], rows.Select(r => r.GetProperty("policy").GetString()).Take(3));
        Assert.All(rows, r => Assert.True(r.GetProperty("mean_s").GetDouble() >= 0));
        Assert.All(rows, r => Assert.True(r.GetProperty("requests").GetInt64() > 0));
    }

    [Fact]
    public async Task Simulate_OptionTheSimulatorRefuses_OneLineUsageError()
    {
        var run = await CliRun.RunAsync(null, "simulate", "--corpus", Corpus, "--nodes", "zero");

        run.AssertOneLineError(ExitCodes.Usage, "the simulator refused", "--nodes");
    }

    [Fact]
    public async Task Simulate_NoSimulatorThere_SaysWhereToPointIt()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["LAYERCACHE_SIMULATOR"] = "/nonexistent/layercache-sim" }, "simulate");

        run.AssertOneLineError(ExitCodes.Usage, "no simulator at /nonexistent/layercache-sim", "--simulator");
    }
}
