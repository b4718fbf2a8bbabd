using System.Text.Json;
using System.Text.RegularExpressions;
using LayerCache.Deploy.Tests.Monitoring;
using LayerCache.Deploy.Tests.Rendering;
using LayerCache.Testing.Prometheus;
using YamlDotNet.RepresentationModel;

namespace LayerCache.Deploy.Tests;

/// <summary>
/// deploy/monitoring: it renders, its PodMonitors find the pods the overlays run on ports they name, its alert rules
/// pass promtool's check and unit tests (each alert fires on its series and stays quiet on the others), each alert has
/// a runbook line, and the default install holds none of it.
/// </summary>
[Collection(OverlaysCollection.Name)]
public sealed partial class MonitoringTests(RenderedOverlays overlays)
{
    private static readonly Lazy<IReadOnlyList<YamlMappingNode>> Rendered = new(() => Documents(Kubectl.Kustomize(MonitoringFiles.Directory)));

    [Fact]
    public void Kustomize_Monitoring_RendersTwoPodMonitorsTheRulesAndTheDashboard()
    {
        var kinds = Rendered.Value.Select(d => $"{Text(d, "kind")}/{Text(d, "metadata", "name")}").Order(StringComparer.Ordinal);

        Assert.Equal(
            ["ConfigMap/layercache-dashboard", "PodMonitor/layercache-agent", "PodMonitor/layercache-coordinator", "PrometheusRule/layercache"],
            kinds);
        var dashboard = Rendered.Value.Single(d => Text(d, "kind") == "ConfigMap");
        Assert.Equal("1", Text(dashboard, "metadata", "labels", "grafana_dashboard"));
        Assert.Equal(File.ReadAllText(MonitoringFiles.DashboardPath), Text(dashboard, "data", "layercache-dashboard.json"));
    }

    [Theory]
    [InlineData("layercache-agent")]
    [InlineData("layercache-coordinator")]
    public void PodMonitor_SelectsTheWorkloadsPods_OnAPortTheyName_AsTheJobTheRulesUse(string workload)
    {
        var monitor = Rendered.Value.Single(d => Text(d, "kind") == "PodMonitor" && Text(d, "metadata", "name") == workload);
        var selector = (YamlMappingNode)Node(monitor, "spec", "selector", "matchLabels");
        var endpoint = (YamlMappingNode)((YamlSequenceNode)Node(monitor, "spec", "podMetricsEndpoints")).Children.Single();
        var jobLabel = Text(monitor, "spec", "jobLabel");

        Assert.Equal("/metrics", Text(endpoint, "path"));
        Assert.All(overlays.All, overlay =>
        {
            var pods = overlay.Workload(workload);
            Assert.Equal(Text(monitor, "metadata", "namespace"), pods.Namespace);
            Assert.All(selector.Children, label => Assert.Equal(((YamlScalarNode)label.Value).Value, pods.Template.Metadata.Labels[((YamlScalarNode)label.Key).Value!]));
            Assert.Equal(workload, pods.Template.Metadata.Labels[jobLabel]);
            Assert.Contains(Text(endpoint, "port"), pods.Pod.Containers.SelectMany(c => c.Ports ?? []).Select(p => p.Name));
        });
        Assert.Contains($"job=\"{workload}\"", MonitoringFiles.RulesFile(), StringComparison.Ordinal);
    }

    [Fact]
    public void Overlays_InstallNoMonitoringKinds_TheirCrdsMayBeMissing() =>
        Assert.All(overlays.All, o => Assert.DoesNotContain(o.Objects, x => x.Kind is "PodMonitor" or "ServiceMonitor" or "PrometheusRule"));

    [Fact]
    public void Promtool_CheckRules_ThePrometheusRuleSpecIsAValidRulesFile()
    {
        using var folder = new RulesFolder();

        var (exit, output) = Promtool.Run(folder.Path, "check", "rules", "rules.yaml");

        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {AlertNames().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Promtool_TestRules_EveryAlertFiresOnItsSeriesAndStaysQuietOnOthers()
    {
        using var folder = new RulesFolder();

        var (exit, output) = Promtool.Run(folder.Path, "test", "rules", "rules.test.yaml");

        Assert.True(exit == 0, output);
        var cases = AlertTestCases();
        Assert.All(AlertNames(), alert =>
        {
            Assert.Contains((alert, true), cases);
            Assert.Contains((alert, false), cases);
        });
    }

    [Fact]
    public void Promtool_TestRules_ARuleThatFiresLater_Fails()
    {
        // The unit tests pin each rule's timing: the node alert held back 20 minutes instead of 10 must fail them.
        var rules = MonitoringFiles.RulesFile();
        var later = ForTenMinutes().Replace(rules, "for: 20m", 1);
        Assert.NotEqual(rules, later);
        using var folder = new RulesFolder(later);

        var (exit, output) = Promtool.Run(folder.Path, "test", "rules", "rules.test.yaml");

        Assert.NotEqual(0, exit);
        Assert.Contains("LayerCacheNodeNotReporting", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OperationsDoc_AlertsSection_HasARunbookForEveryAlert()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "operations.md"));
        var alerts = doc[doc.IndexOf("\n## Alerts\n", StringComparison.Ordinal)..];

        Assert.All(AlertNames(), alert => Assert.Contains($"| `{alert}` |", alerts, StringComparison.Ordinal));
    }

    [Fact]
    public void Dashboard_OneRowPerConcern_EveryPanelQueriesPrometheus()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(MonitoringFiles.DashboardPath));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal(
            ["Hint latency and rate", "Hit ratio", "Bytes prefetched and evicted", "Cache use against budget", "Orders and outcomes", "Redis health", "Processes"],
            panels.Where(p => p.GetProperty("type").GetString() == "row").Select(p => p.GetProperty("title").GetString()));
        Assert.Equal("row", panels[0].GetProperty("type").GetString());
        Assert.All(panels.Where(p => p.GetProperty("type").GetString() != "row"), p =>
        {
            Assert.NotEqual(0, p.GetProperty("targets").GetArrayLength());
            Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString());
        });
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
    }

    private static List<string> AlertNames() =>
        [.. AlertName().Matches(MonitoringFiles.RulesFile()).Select(m => m.Groups[1].Value)];

    /// <summary>Each (alert, whether the case expects it to fire) in rules.test.yaml.</summary>
    private static List<(string Alert, bool Fires)> AlertTestCases()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(MonitoringFiles.Directory, "rules.test.yaml"))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return
        [
            .. ((YamlSequenceNode)root["tests"]).Cast<YamlMappingNode>()
                .SelectMany(t => ((YamlSequenceNode)t["alert_rule_test"]).Cast<YamlMappingNode>())
                .Select(c => (Text(c, "alertname"), ((YamlSequenceNode)c["exp_alerts"]).Children.Count > 0)),
        ];
    }

    private static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode Node(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n)[key]);

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value!;

    [GeneratedRegex(@"^\s+- alert: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex AlertName();

    [GeneratedRegex(@"for: 10m")]
    private static partial Regex ForTenMinutes();
}
