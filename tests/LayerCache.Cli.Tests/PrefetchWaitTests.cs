using LayerCache.Agent.Tests.Support;
using LayerCache.Cli.Tests.Support;
using LayerCache.Containerd;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Containerd;

namespace LayerCache.Cli.Tests;

/// <summary>
/// <c>layercache prefetch --wait</c> with two real agents, each beside a containerd of its own, a real registry and a
/// coordinator on Redis: the orders go through the coordinator, the agents fetch the layers (capped at 1 MB/s, one at
/// a time, so that the transfer takes seconds), and the live display follows every node to completion.
/// </summary>
public sealed class PrefetchWaitTests(ClusterNodeEnvironment environment) : IClassFixture<ClusterNodeEnvironment>, IAsyncLifetime
{
    private readonly ContainerdFixture _secondContainerd = new();
    private AgentHost _a = null!;
    private AgentHost _b = null!;
    private CoordinatorHost _coordinator = null!;

    private Dictionary<string, string> Cli => new() { ["LAYERCACHE_COORDINATOR"] = _coordinator.Address.ToString() };

    public async Task InitializeAsync()
    {
        await ClusterRun.FlushAsync(environment.Redis);
        _secondContainerd.TrustPlainHttpRegistry(environment.Registry.Host);
        await _secondContainerd.InitializeAsync();
        _a = await AgentHost.StartAsync(environment, Slow(ClusterRun.AgentSettings(environment, "wait-a")));
        var second = Slow(ClusterRun.AgentSettings(environment, "wait-b"));
        second["Agent:ContainerdSocket"] = _secondContainerd.SocketPath;
        second["Agent:ContainerdRoot"] = _secondContainerd.Directory;
        second["Agent:RegistryHostsDirectory"] = _secondContainerd.CertsDirectory;
        _b = await AgentHost.StartAsync(environment, second);
        _coordinator = await Replicas.StartAsync(TestSettings.Coordinator(environment.Redis.Endpoint, plainHttpRegistry: environment.Registry.Host)
            .With(("Planner:Enabled", "false")));
        await Replicas.WaitForNodesAsync(_coordinator, "wait-a", "wait-b");
    }

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _secondContainerd.DisposeAsync();
    }

    [Fact]
    public async Task PrefetchWait_InATerminal_ShowsEveryNodesProgressToCompletion_TheLayersLandOnBoth()
    {
        var (reference, image) = await environment.PushAsync("cli/waited:v1", environment.Layers(1_000_000, 1_000_000, 1_000_000));

        var run = await CliRun.RunInTerminalAsync(Cli, "prefetch", reference, "--all", "--wait");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{run.Output}{run.Error}");
        var screen = run.Output;
        foreach (var node in new[] { "wait-a", "wait-b" })
        {
            // The live line (node, image, 100%, bytes, rate) and the summary once its order succeeded.
            Assert.Contains($"{node}  {reference}", screen, StringComparison.Ordinal);
            Assert.Contains($"{node}: {reference} complete, {FormatMB(image.Layers.Sum(l => l.SizeBytes))} fetched", screen, StringComparison.Ordinal);
        }

        // Drawn live (escape sequences), through a share on the way (a layer of three landed), at a rate, to 100%.
        Assert.Contains("\u001b[", screen, StringComparison.Ordinal);
        Assert.Matches(@"\b([1-9]|[1-9][0-9])%", screen);
        Assert.Matches(@"[0-9.]+ (KiB|MiB)/s", screen);
        Assert.Contains("100%", screen, StringComparison.Ordinal);
        await AssertInContentStoreAsync(environment.Client(), image.Layers);
        await AssertInContentStoreAsync(_secondContainerd.CreateClient(), image.Layers);
    }

    [Fact]
    public async Task PrefetchWait_Json_PrintsEveryOrderSucceeded_OnceAllEnded()
    {
        var (reference, image) = await environment.PushAsync("cli/waited-json:v1", environment.Layers(300_000, 200_000));

        var run = await CliRun.RunAsync(Cli, "prefetch", reference, "--nodes", "wait-a,wait-b", "--wait", "-o", "json");

        using var json = run.Json();
        var orders = json.RootElement.GetProperty("orders").EnumerateArray().ToList();
        Assert.Equal(["wait-a", "wait-b"], orders.Select(o => o.GetProperty("node").GetString()).Order(StringComparer.Ordinal));
        Assert.All(orders, o =>
        {
            Assert.Equal("succeeded", o.GetProperty("status").GetString());
            Assert.Equal(image.Layers.Sum(l => l.SizeBytes), o.GetProperty("outcome").GetProperty("bytes").GetInt64());
        });
    }

    private static Dictionary<string, string?> Slow(Dictionary<string, string?> settings)
    {
        settings["Agent:BandwidthCapBytesPerSecond"] = "1000000";
        settings["Agent:PrefetchConcurrency"] = "1";
        return settings;
    }

    private static string FormatMB(long bytes) => (bytes / 1e6).ToString("0.0 'MB'", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task AssertInContentStoreAsync(ContainerdClient client, IReadOnlyList<Layer> layers)
    {
        using (client)
        {
            foreach (var layer in layers)
            {
                var info = await client.ContentInfoAsync(layer.Digest, CancellationToken.None);
                Assert.NotNull(info);
                Assert.Equal(layer.SizeBytes, info.SizeBytes);
            }
        }
    }
}
