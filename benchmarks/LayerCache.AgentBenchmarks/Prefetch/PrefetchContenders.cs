using System.Diagnostics;
using LayerCache.Agent;
using LayerCache.AgentBenchmarks.Node;
using LayerCache.Testing.Containerd;

namespace LayerCache.AgentBenchmarks.Prefetch;

/// <summary>
/// The agent's layer prefetch, in this process and as its one-shot command, against ctr. <c>ctr content fetch</c>
/// fetches the content and nothing else, as the layer prefetch does: that pair is the like-for-like comparison.
/// <c>ctr images pull</c> also unpacks every layer into a snapshot, so it is slower by the unpack.
/// </summary>
public static class PrefetchContenders
{
    public const string AgentInProcess = "agent, in process";
    public const string AgentInProcessNarrow = "agent, in process, `PrefetchConcurrency=3`";
    public const string AgentCommand = "agent, `prefetch --layers-only` command (Native AOT)";
    public const string CtrFetch = "`ctr content fetch`";
    public const string CtrPull = "`ctr images pull`";

    public static IReadOnlyList<PrefetchContender> All(string registryHost) =>
    [
        new(AgentInProcess, "`LayerPrefetcher.PrefetchLayersAsync` (fetch, no unpack), default settings: 6 layers at a time, so all at once as ctr", (node, image, token) => InProcessAsync(node, image, registryHost, new AgentOptions().PrefetchConcurrency, token)),
        new(AgentInProcessNarrow, "the same, 3 at a time (containerd's CRI default for pulls)", (node, image, token) => InProcessAsync(node, image, registryHost, 3, token)),
        new(AgentCommand, "the shipped binary: `layercache-agent prefetch --layers-only --plain-http` (process start + fetch)", CommandAsync),
        new(CtrFetch, "content only, no unpack: the like-for-like one", (node, image, token) => CtrAsync(node, token, "content", "fetch", "--plain-http", image)),
        new(CtrPull, "fetch + unpack into overlayfs snapshots", (node, image, token) => CtrAsync(node, token, "images", "pull", "--plain-http", image)),
    ];

    private static async Task<TimeSpan> InProcessAsync(ContainerdFixture node, string image, string registryHost, int concurrency, CancellationToken cancellationToken)
    {
        using var agent = new InProcessAgent(node, registryHost, o => o.PrefetchConcurrency = concurrency);
        var started = Stopwatch.GetTimestamp();
        await agent.Prefetcher.PrefetchLayersAsync(image, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<TimeSpan> CommandAsync(ContainerdFixture node, string image, CancellationToken cancellationToken)
    {
        RepositoryPaths.RequireNative();
        var (elapsed, _) = await ExternalCommand.RunAsync(
            RepositoryPaths.AgentNative,
            ["prefetch", "--socket", node.SocketPath, "--namespace", node.Namespace, "--image", image, "--layers-only", "--plain-http"],
            cancellationToken).ConfigureAwait(false);
        return elapsed;
    }

    private static async Task<TimeSpan> CtrAsync(ContainerdFixture node, CancellationToken cancellationToken, params string[] command)
    {
        var (elapsed, _) = await ExternalCommand.RunAsync("ctr", ["-a", node.SocketPath, "-n", node.Namespace, .. command], cancellationToken).ConfigureAwait(false);
        return elapsed;
    }
}
