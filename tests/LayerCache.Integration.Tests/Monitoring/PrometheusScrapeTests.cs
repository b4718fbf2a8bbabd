using System.Text.Json;
using LayerCache.Agent.Tests.Support;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Prometheus;
using LayerCache.Testing.Waiting;

namespace LayerCache.Integration.Tests.Monitoring;

/// <summary>
/// A real Prometheus scrapes a real agent (beside containerd, on Redis) and a coordinator, with the shipped alert rules
/// loaded, as deploy/monitoring sets it up: both targets are up, and every query of the shipped dashboard returns data.
/// </summary>
public sealed class PrometheusScrapeTests(ClusterNodeEnvironment environment) : IClassFixture<ClusterNodeEnvironment>, IAsyncLifetime
{
    private const string Node = "scraped-node";

    // Generous: Prometheus needs two scrapes (1 s apart) in a rate's window, on a machine that may be busy.
    private static readonly TimeSpan DataTimeout = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => ClusterRun.FlushAsync(environment.Redis);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Prometheus_ScrapesAgentAndCoordinator_EveryDashboardQueryReturnsData()
    {
        await using var agent = await AgentHost.StartAsync(environment, ClusterRun.AgentSettings(environment, Node));
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(environment.Redis.Endpoint));
        await Replicas.WaitForNodesAsync(coordinator, Node);
        await HintsApi.GetAsync(coordinator.Http, "registry.test/scraped:v1", Node);
        await using var prometheus = await PrometheusServer.StartAsync(
            Configuration(agent.Http.BaseAddress!, coordinator.Http.BaseAddress!),
            new Dictionary<string, string> { ["rules.yaml"] = MonitoringFiles.RulesFile() });

        await Until.HoldsAsync(
            async () => (await prometheus.QueryAsync("up == 1")).GetArrayLength() == 2,
            DataTimeout,
            $"both targets were not up: {await prometheus.TargetsAsync()}");
        var builds = await prometheus.QueryAsync("layercache_build_info == 1");
        Assert.Equal(
            ["layercache-agent agent", "layercache-coordinator coordinator"],
            builds.EnumerateArray().Select(s => $"{Label(s, "job")} {Label(s, "service")}").Order(StringComparer.Ordinal));

        var hints = await ValueAsync(prometheus, "sum(layercache_hint_requests_total{job=\"layercache-coordinator\",route=\"hints\"})");
        Assert.True(hints >= 1, $"the hint request was not counted: {hints}");
        Assert.True(await ValueAsync(prometheus, $"layercache_layer_bytes{{job=\"layercache-agent\",node=\"{Node}\"}}") >= 0);
        Assert.True(await ValueAsync(prometheus, "process_resident_memory_bytes{job=\"layercache-coordinator\"}") > 0);

        foreach (var (panel, expression) in MonitoringFiles.DashboardQueries())
        {
            await Until.HoldsAsync(
                async () => (await prometheus.QueryAsync(expression)).GetArrayLength() > 0,
                DataTimeout,
                $"the panel '{panel}' query `{expression}` returned no data");
        }

        var rules = await prometheus.Http.GetStringAsync(new Uri("/api/v1/rules?type=alert", UriKind.Relative));
        Assert.Contains("\"name\":\"LayerCacheExtenderSlow\"", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("\"health\":\"err", rules, StringComparison.Ordinal);
    }

    /// <summary>The scrape jobs deploy/monitoring's PodMonitors make: the agents' job with the node's name as <c>node</c>.</summary>
    private static string Configuration(Uri agent, Uri coordinator) => $"""
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - rules.yaml
        scrape_configs:
          - job_name: layercache-agent
            static_configs:
              - targets: ['{agent.Authority}']
                labels:
                  node: {Node}
          - job_name: layercache-coordinator
            static_configs:
              - targets: ['{coordinator.Authority}']
        """;

    private static async Task<double> ValueAsync(PrometheusServer prometheus, string expression)
    {
        JsonElement result = default;
        await Until.HoldsAsync(
            async () => (result = await prometheus.QueryAsync(expression)).GetArrayLength() == 1,
            DataTimeout,
            $"`{expression}` did not return one series");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Label(JsonElement sample, string name) =>
        sample.GetProperty("metric").TryGetProperty(name, out var value) ? value.GetString() : null;
}
