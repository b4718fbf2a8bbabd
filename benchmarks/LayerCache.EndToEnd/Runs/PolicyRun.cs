using System.Diagnostics;
using System.Security.Cryptography;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Cluster;
using LayerCache.EndToEnd.Images;
using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Site;
using LayerCache.EndToEnd.Workload;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// One policy over the trace on fresh nodes: a new Redis and coordinator, a new containerd and agent on every node,
/// the replay, and what it measured. Everything it started is stopped before it returns, whatever happened.
/// </summary>
internal sealed class PolicyRun(
    EdgeSite site,
    SiteRegistry registry,
    EndToEndOptions options,
    string agentBinary,
    RequestTrace trace,
    IReadOnlyList<ContainerImage> podImages,
    ImageChains chains)
{
    private readonly IReadOnlyList<string> _references = [.. podImages.Select(i => i.Reference)];

    /// <summary>The kubelet's image garbage collection starts at 85% of the disk and frees down to 80% (its defaults).</summary>
    public const double HighWatermarkPercent = 85;

    public const double LowWatermarkPercent = 80;

    public static readonly TimeSpan PopularityHalfLife = TimeSpan.FromMinutes(10);

    private static readonly HttpClient AuditHttp = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<PolicyResult> RunAsync(PolicyRunSettings run, string directory, Func<PolicyRunSettings, ControlPlane, IReadOnlyList<SiteNodeRuntime>, IPodPlacement> placementFor, Action<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var layercache = PolicyKinds.RunsThePlanner(run.Kind);
        var peerFetch = PolicyKinds.FetchesFromPeers(run.Kind);

        // The key the coordinator signs orders with and the agents check them by, as the Secret in deploy/ holds it.
        var orderKeys = Directory.CreateDirectory(Path.Combine(directory, "order-keys")).FullName;
        await File.WriteAllTextAsync(Path.Combine(orderKeys, "run"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken).ConfigureAwait(false);
        var plane = await ControlPlane.StartAsync(
            site, Path.Combine(directory, "control"), run.Label, PlaneSettings(run.Kind, options, registry.HostPort, orderKeys), cancellationToken).ConfigureAwait(false);
        var nodes = new List<SiteNodeRuntime>();
        try
        {
            var started = await Task.WhenAll(site.Nodes.Select(n => SiteNodeRuntime.StartContainerdAsync(site, n, Path.Combine(directory, n.Name), run.Label, registry.HostPort, peerFetch, chains, cancellationToken))).ConfigureAwait(false);
            nodes.AddRange(started);
            var agent = new AgentSettings(
                agentBinary,
                plane.RedisAddress,
                options.StorageBytes,
                HighWatermarkPercent,
                LowWatermarkPercent,
                layercache ? ToAgentPolicy(options.Eviction) : "Lru",
                PopularityHalfLife,
                orderKeys,
                peerFetch);
            await Task.WhenAll(nodes.Select(n => n.StartAgentAsync(site, agent, run.Label, registry.HostPort, cancellationToken))).ConfigureAwait(false);
            await NodeViewWait.UntilKnownAsync(plane.CoordinatorUri, _references[0], nodes.Count, cancellationToken).ConfigureAwait(false);

            var registryBefore = registry.ServedBytes();
            var wanBefore = await site.WanBytesAsync().ConfigureAwait(false);
            var placement = placementFor(run, plane, nodes);
            var audit = options.AuditPulls ? new PullAudit(nodes, podImages, plane.CoordinatorUri, AuditHttp) : null;
            if (audit is not null)
            {
                placement = new AuditedPlacement(placement, audit);
            }

            var replay = new TraceReplay(trace, _references, [.. nodes.Select(n => n.Kubelet)], options.SlotsPerNode, placement, progress);
            // containerd's ids take letters, digits and . _ - only: layercache+peer's containers are layercache-peer's.
            var outcomes = await replay.RunAsync($"lce2e-{Environment.ProcessId}-{run.Label.Replace('+', '-')}", cancellationToken).ConfigureAwait(false);
            var unpack = await UnpackSecondsAsync(outcomes, nodes, cancellationToken).ConfigureAwait(false);
            var registryBytes = registry.ServedBytes() - registryBefore;
            var wanBytes = await site.WanBytesAsync().ConfigureAwait(false) - wanBefore;
            var evicted = await Task.WhenAll(nodes.Select(n => n.EvictedBytesAsync(cancellationToken))).ConfigureAwait(false);
            var fromPeers = await Task.WhenAll(nodes.Select(n => n.PeerFetchedBytesAsync(cancellationToken))).ConfigureAwait(false);
            return Summarize(run.Label, outcomes, unpack, replay.SlotUtilization, registryBytes, wanBytes, nodes.Count, wall.Elapsed.TotalSeconds) with
            {
                EvictedBytes = evicted.Sum(),
                PeerBytes = fromPeers.Sum(),
                Audit = audit?.Totals,
            };
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }

            await plane.DisposeAsync().ConfigureAwait(false);
            await site.RemoveDirectoryAsync(directory).ConfigureAwait(false);
        }
    }

    /// <summary>How the policy's coordinator is configured.</summary>
    public static ControlPlaneSettings PlaneSettings(PolicyKind kind, EndToEndOptions options, string registryHostPort, string orderKeysDirectory)
    {
        var layercache = PolicyKinds.RunsThePlanner(kind);
        return new ControlPlaneSettings(layercache, ToAgentPolicy(options.Eviction), TimeSpan.FromSeconds(options.PlanIntervalSeconds), options.MinRequestsPerReplica, PopularityHalfLife, registryHostPort, orderKeysDirectory)
        {
            // layercache+peer's hints and planner know the site; spegel's placement knows nothing of layers at all.
            LanBytesPerSecond = layercache && PolicyKinds.FetchesFromPeers(kind) ? options.Site.LanMbit * 1e6 / 8 : 0,
            UplinkBytesPerSecond = options.Site.WanMbit * 1e6 / 8,
            UnpackAhead = kind is PolicyKind.LayerCacheUnpack,
            MinImageRequestsPerNode = options.MinImageRequestsPerNode,
        };
    }

    public static string ToAgentPolicy(string eviction) => eviction switch
    {
        "lru" => "Lru",
        "lfu" => "Lfu",
        "gdsf" => "Gdsf",
        "clusteraware" => "ClusterAware",
        _ => throw new ArgumentException($"unknown eviction policy '{eviction}'"),
    };

    /// <summary>Each pod's unpack seconds, once every node's log has caught up with its containerd.</summary>
    private async Task<double[]> UnpackSecondsAsync(IReadOnlyList<PodOutcome> outcomes, IReadOnlyList<SiteNodeRuntime> nodes, CancellationToken cancellationToken)
    {
        var logs = nodes.Select(n => n.Snapshots ?? throw new InvalidOperationException($"{n.Node.Name} logs no unpacks")).ToList();
        await Task.WhenAll(logs.Select(l => l.SettleAsync(cancellationToken))).ConfigureAwait(false);
        var pulls = outcomes
            .Select((o, pod) => (o, pod))
            .Where(p => p.o.Pulled)
            .Select(p => new PullWindow(p.pod, p.o.Node, p.o.PullStartedAt, p.o.PullEndedAt, chains.Of(_references[p.pod]).ToHashSet()))
            .ToList();
        return UnpackAttribution.Assign(outcomes.Count, pulls, [.. logs.Select(l => l.Extractions())]);
    }

    private static PolicyResult Summarize(string label, IReadOnlyList<PodOutcome> outcomes, IReadOnlyList<double> unpack, double utilization, long registryBytes, long wanBytes, int nodeCount, double wallSeconds)
    {
        var failed = outcomes.Where(o => o.Error is not null).ToList();
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"{label}: {failed.Count} of {outcomes.Count} pods did not start; first error: {failed[0].Error}");
        }

        var startup = outcomes.Select(o => o.StartupSeconds).ToList();
        var sorted = startup.Order().ToArray();
        var pulls = outcomes.Where(o => o.Pulled).Select(o => o.PullSeconds).DefaultIfEmpty(0).Average();
        var parts = StartupParts.Mean([.. outcomes.Select((o, pod) => StartupParts.Of(o, unpack[pod]))]);
        var perNode = new int[nodeCount];
        foreach (var o in outcomes)
        {
            perNode[o.Node]++;
        }

        return new PolicyResult
        {
            Policy = label,
            StartupSeconds = startup,
            MeanSeconds = startup.Average(),
            P50Seconds = ClusterSimulation.Percentile(sorted, 0.50),
            P95Seconds = ClusterSimulation.Percentile(sorted, 0.95),
            P99Seconds = ClusterSimulation.Percentile(sorted, 0.99),
            MeanWaitSeconds = parts.WaitSeconds,
            MeanTransferSeconds = parts.TransferSeconds,
            MeanUnpackSeconds = parts.UnpackSeconds,
            MeanStartSeconds = parts.StartSeconds,
            MeanPullSeconds = pulls,
            MeanContainerStartSeconds = outcomes.Average(o => o.ContainerStartSeconds),
            RegistryBytes = registryBytes,
            WanBytes = wanBytes,
            SlotUtilization = utilization,
            PodsPerNode = perNode,
            WallSeconds = wallSeconds,
        };
    }
}
