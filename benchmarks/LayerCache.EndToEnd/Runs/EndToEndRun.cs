using System.Globalization;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Cluster;
using LayerCache.EndToEnd.Images;
using LayerCache.EndToEnd.Nodes;
using LayerCache.EndToEnd.Site;
using LayerCache.Simulator.Corpus;
using LayerCache.Simulator.Engine;

namespace LayerCache.EndToEnd.Runs;

/// <summary>
/// The whole run: the site, the registry filled with the trace's images, a calibration of the link, each policy on
/// fresh nodes, and the simulator's prediction beside each. The site is torn down at the end whatever happened.
/// </summary>
internal sealed class EndToEndRun(EndToEndOptions options, Action<string> log)
{
    public async Task<EndToEndReport> RunAsync(Func<string, Action<Workload.ReplayProgress>> progressFor, CancellationToken cancellationToken)
    {
        var removed = await Leftovers.RemoveAsync(includeLive: false, cancellationToken).ConfigureAwait(false);
        if (removed.Total > 0)
        {
            log($"{removed} (left by an earlier run)");
        }

        var agentBinary = AgentBinary.Find();
        var ranked = RankedCorpus(options);
        var settings = Settings(options);
        var trace = Workload.PodTrace.Generate(ranked.Count, options.Pods, settings);
        var used = trace.ImageRanks.Distinct().Order().ToList();
        log(string.Create(CultureInfo.InvariantCulture, $"trace: {trace.Count} pods over {trace.ArrivalSeconds[^1]:F0} s, {used.Count} distinct images of {ranked.Count}"));
        var demand = TraceDemand.Of(TraceDemand.Scaled(ranked, options.SizeScale), trace);

        // The site owns the run directory from here: its teardown stops every process and removes the directory.
        var run = await RunDirectory.CreateAsync(cancellationToken).ConfigureAwait(false);
        await using var site = await EdgeSite.CreateAsync(options.Site, run, cancellationToken).ConfigureAwait(false);
        log($"site: {options.Site.Nodes} nodes in {run.Path}");
        var registry = await SiteRegistry.StartAsync(site, Path.Combine(run.Path, "registry"), HarnessExecutable.Path, cancellationToken).ConfigureAwait(false);
        var (published, diffIds) = await PublishAsync(ranked, used, registry.HostPort, cancellationToken).ConfigureAwait(false);
        var images = ranked.Select((image, rank) => published.TryGetValue(rank, out var real) ? real : image).ToList();
        var podImages = trace.ImageRanks.Select(rank => images[rank]).ToList();
        await site.ShapeAsync().ConfigureAwait(false);

        var calibration = await CalibrateAsync(site, registry, [.. published.Values], cancellationToken).ConfigureAwait(false);
        log($"calibration: {calibration}");
        log(demand.Describe(calibration.BandwidthBytesPerSecond));

        var runs = Runs(options);
        var measured = new List<(PolicyRunSettings Run, PolicyResult Result)>();
        var policyRun = new PolicyRun(site, registry, options, agentBinary, trace, podImages, new ImageChains(published.Values, diffIds));
        foreach (var r in runs)
        {
            var result = await policyRun.RunAsync(r, Path.Combine(run.Path, r.Label), (pr, plane, nodes) => Workload.Placements.For(pr, plane, nodes, options, log), progressFor(r.Label), cancellationToken).ConfigureAwait(false);
            log(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Label}: mean {result.MeanSeconds:F2} s (wait {result.MeanWaitSeconds:F2}, transfer {result.MeanTransferSeconds:F2}, unpack {result.MeanUnpackSeconds:F2}, start {result.MeanStartSeconds:F2}; pull {result.MeanPullSeconds:F2} when pulled, container start {result.MeanContainerStartSeconds:F2}), p95 {result.P95Seconds:F2} s, registry {result.RegistryBytes / 1e6:F0} MB, {result.WallSeconds:F0} s"));
            log(string.Create(CultureInfo.InvariantCulture, $"{r.Label}: the agents evicted {result.EvictedBytes / 1e6:F0} MB and fetched {result.PeerBytes / 1e6:F0} MB from one another"));
            if (result.Audit is { } audit)
            {
                log(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{r.Label} audit: {audit.Pods} pods, {audit.MissingBytes / 1e6:F0} MB of their images missing on their nodes when placed; the view knew {audit.ViewPods} and listed {audit.OverclaimedBytes / 1e6:F0} MB no longer there ({audit.OverclaimedPods} pods), missed {audit.UnderclaimedBytes / 1e6:F0} MB already there"));
            }

            measured.Add((r, result));
        }

        var simulated = new List<SimulatedResult>();
        var containerStart = measured.Average(m => m.Result.MeanContainerStartSeconds);
        var prefetch = options.PlannerOptions;
        foreach (var (r, _) in measured)
        {
            var predicted = SimulatedRun.Predict(r.Kind, options.Eviction, images, trace, settings with { ExtenderWeight = r.Weight }, calibration, options.PeerLink, containerStart, prefetch);
            simulated.Add(predicted with { Policy = r.Label });

            // The paper's model (a link per node) beside it, to show what the shared uplink adds.
            var perNode = SimulatedRun.Predict(r.Kind, options.Eviction, images, trace, settings with { SharedUplink = false, ExtenderWeight = r.Weight }, calibration, options.PeerLink, containerStart, prefetch);
            log(string.Create(CultureInfo.InvariantCulture, $"simulated {r.Label}: mean {predicted.MeanSeconds:F2} s with the site's uplink as modelled ({predicted.RegistryBytes / 1e6:F0} MB pulled, {predicted.EvictedBytes / 1e6:F0} MB evicted), {perNode.MeanSeconds:F2} s with a link per node"));
        }

        return new EndToEndReport(measured.Select(m => m.Result).ToList(), simulated, calibration, measured.Select(m => m.Run).ToList());
    }

    private async Task<(IReadOnlyDictionary<int, ContainerImage> Images, IReadOnlyDictionary<Digest, Digest> DiffIds)> PublishAsync(IReadOnlyList<ContainerImage> ranked, IReadOnlyList<int> ranks, string registryHost, CancellationToken cancellationToken)
    {
        using var client = ImagePublisher.CreateClient(registryHost);
        using var publisher = new ImagePublisher(client, registryHost, options.Seed, options.SizeScale, log);
        var published = await publisher.PublishAsync(ranked, ranks, cancellationToken).ConfigureAwait(false);
        log(string.Create(CultureInfo.InvariantCulture, $"registry: {published.Count} images, {publisher.PushedBytes / 1e6:F0} MB pushed"));
        return (published, publisher.DiffIds.ToDictionary());
    }

    /// <summary>What the run's trace asks of the site, from the options alone (before anything starts).</summary>
    public static TraceDemand Demand(EndToEndOptions options)
    {
        var ranked = RankedCorpus(options);
        return TraceDemand.Of(TraceDemand.Scaled(ranked, options.SizeScale), Workload.PodTrace.Generate(ranked.Count, options.Pods, Settings(options)));
    }

    /// <summary>The policies' runs in order: each policy once, or layercache once per swept weight.</summary>
    public static IReadOnlyList<PolicyRunSettings> Runs(EndToEndOptions options) => options.SweepWeights is { } weights
        ? weights.Select(w => new PolicyRunSettings(PolicyKind.LayerCache, w, $"layercache-w{w}")).ToList()
        : options.Policies.Select(p => new PolicyRunSettings(p, options.Weight, PolicyKinds.Name(p))).ToList();

    public static ClusterSettings Settings(EndToEndOptions options) => new ClusterSettings
    {
        Nodes = options.Site.Nodes,
        SlotsPerNode = options.SlotsPerNode,
        StorageGigabytes = options.StorageBytes / ClusterSettings.BytesPerGigabyte,
        RequestsPerSecond = options.RequestsPerSecond,
        RunMinSeconds = options.RunMinSeconds,
        RunMaxSeconds = options.RunMaxSeconds,
        ZipfExponent = options.ZipfExponent,
        HighWatermarkPercent = PolicyRun.HighWatermarkPercent,
        LowWatermarkPercent = PolicyRun.LowWatermarkPercent,
        PlanIntervalSeconds = options.PlanIntervalSeconds,
        PopularityHalfLifeSeconds = PolicyRun.PopularityHalfLife.TotalSeconds,
        Seed = options.Seed,
        SharedUplink = options.Site.Wan == WanMode.Shared,
        ExtenderWeight = options.Weight,

        // The agents' eviction sees the requests of their own node only (see docs/e2e.md); the planner sees the cluster.
        NodeEvictionSeesCluster = options.SimNodeEvictionSeesCluster,
    }.Validate();

    /// <summary>The corpus grown as the simulator grows it, ranked by pulls (rank 0 the most pulled), sizes scaled.</summary>
    public static List<ContainerImage> RankedCorpus(EndToEndOptions options)
    {
        // A relative path that is not there from here is read from the repository, so the default works from anywhere.
        var path = File.Exists(options.CorpusPath) || Path.IsPathRooted(options.CorpusPath)
            ? options.CorpusPath
            : Path.Combine(AgentBinary.RepositoryRoot(), options.CorpusPath);
        IReadOnlyList<CorpusImage> corpus = CorpusReader.ReadFile(path);
        corpus = new CorpusSynthesizer(options.Seed).Synthesize(corpus, options.SynthesizeCount);
        return corpus
            .Select((c, i) => (c, i))
            .OrderByDescending(x => x.c.Pulls)
            .ThenBy(x => x.i)
            .Select(x => x.c.Image)
            .ToList();
    }

    /// <summary>
    /// Calibrates on node 0 with its own fresh containerd, gone before the first policy starts. A measurement faster
    /// than the uplink is shaped to is taken again on a fresh containerd, up to three times in all; the last is kept at
    /// the shaped rate, and said so.
    /// </summary>
    private async Task<LinkCalibration> CalibrateAsync(EdgeSite site, SiteRegistry registry, IReadOnlyList<ContainerImage> published, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        var bySize = published.OrderBy(i => i.SizeBytes).ToList();
        var shaped = options.Site.WanMbit * 1e6 / 8;
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(site.Run.Path, $"calibration-{attempt}");
            var node = await SiteNodeRuntime.StartContainerdAsync(site, site.Nodes[0], directory, "calibration", registry.HostPort, peerFetch: false, chains: null, cancellationToken).ConfigureAwait(false);
            (LinkCalibration Calibration, bool WithinShapedRate) measured;
            try
            {
                measured = await Calibration.MeasureAsync(node, bySize.Take(Math.Clamp(bySize.Count - 1, 1, 3)).ToList(), bySize[^1], shaped, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await node.DisposeAsync().ConfigureAwait(false);
                await site.RemoveDirectoryAsync(directory).ConfigureAwait(false);
            }

            if (measured.WithinShapedRate)
            {
                return measured.Calibration;
            }

            log(string.Create(
                CultureInfo.InvariantCulture,
                $"calibration {attempt} of {attempts}: the fetches' slope was above the uplink's {options.Site.WanMbit} Mbit/s, so one of them was held up; {(attempt < attempts ? "measuring again" : "taking the shaped rate")}"));
            if (attempt == attempts)
            {
                return measured.Calibration;
            }
        }
    }
}
