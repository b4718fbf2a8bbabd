using System.Diagnostics;
using LayerCache.Containerd;
using LayerCache.EndToEnd.Images;
using LayerCache.EndToEnd.Site;
using LayerCache.Testing.Containerd;

namespace LayerCache.EndToEnd.Nodes;

/// <summary>
/// One node of the site for one policy's run: a containerd with its own root, state and socket, started inside the
/// node's network namespace (so its pulls cross the node's link), and a <c>layercache-agent</c> beside it, also in
/// the namespace, reporting to the site's Redis. Fresh directories each time: a policy never inherits another's cache.
/// </summary>
internal sealed class SiteNodeRuntime : IAsyncDisposable
{
    public const int AgentPort = 9464;

    /// <summary>Where the agent serves its blobs to the other nodes, on the node's LAN address.</summary>
    public const int PeerPort = 9465;

    /// <summary>Where the node's containerd asks the agent for blobs first, on loopback in the node's namespace.</summary>
    public const int MirrorPort = 9466;

    /// <summary>
    /// The agents' image minimum age: long enough to cover a pod's pull-to-start on a loaded machine, short beside the
    /// run (the kubelet's two minutes would keep most of a five-minute run's images past any budget).
    /// </summary>
    private static readonly TimeSpan ImageMinimumAge = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<SupervisedProcess> _processes = [];

    private SiteNodeRuntime(SiteNode node, string directory)
    {
        Node = node;
        Directory = directory;
        SocketPath = Path.Combine(directory, "containerd.sock");
        Client = new ContainerdClient(new ContainerdClientOptions { SocketPath = SocketPath, ReconnectGiveUpAfter = TimeSpan.FromSeconds(30) });
        Kubelet = new Kubelet(Client, SocketPath, Snapshotter, TimeProvider.System);
    }

    public const string Snapshotter = "overlayfs";

    public SiteNode Node { get; }

    public string Directory { get; }

    public string SocketPath { get; }

    public ContainerdClient Client { get; }

    public Kubelet Kubelet { get; }

    /// <summary>The layers this node's containerd unpacked, when its start was given the run's images.</summary>
    public SnapshotLog? Snapshots { get; private set; }

    public Uri AgentUri => new($"http://{Node.Address}:{AgentPort}/");

    /// <summary>
    /// Starts the node's containerd; with <paramref name="peerFetch"/> it asks the agent's mirror for blobs before the
    /// registry; with <paramref name="chains"/> the node logs what it unpacks from the start (<see cref="Snapshots"/>).
    /// </summary>
    public static async Task<SiteNodeRuntime> StartContainerdAsync(
        EdgeSite site, SiteNode node, string directory, string label, string registryHostPort, bool peerFetch, ImageChains? chains, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var runtime = new SiteNodeRuntime(node, directory);
        try
        {
            var certs = Path.Combine(directory, "certs.d");
            var config = Path.Combine(directory, "config.toml");
            System.IO.Directory.CreateDirectory(Path.Combine(certs, registryHostPort));
            await File.WriteAllTextAsync(config, ContainerdConfigFile.Render(directory, runtime.SocketPath, certs, Snapshotter), cancellationToken).ConfigureAwait(false);
            var hosts = peerFetch
                ? ContainerdConfigFile.RenderMirroredHost(registryHostPort, $"http://127.0.0.1:{MirrorPort}")
                : ContainerdConfigFile.RenderPlainHttpHost(registryHostPort);
            await File.WriteAllTextAsync(Path.Combine(certs, registryHostPort, "hosts.toml"), hosts, cancellationToken).ConfigureAwait(false);
            runtime._processes.Add(site.Run.Start($"{label}-{node.Name}-containerd", "/usr/bin/containerd", ["--config", config], node.Namespace));
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(StartTimeout);
            await runtime.Client.Connection.WaitUntilConnectedAsync(limit.Token).ConfigureAwait(false);
            if (chains is not null)
            {
                runtime.Snapshots = await SnapshotLog.StartAsync(runtime.Client, chains, limit.Token).ConfigureAwait(false);
            }

            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the agent in the node's namespace with every setting on its command line, and waits until it is ready.</summary>
    public async Task StartAgentAsync(EdgeSite site, AgentSettings settings, string label, string registryHostPort, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            $"--urls=http://0.0.0.0:{AgentPort}",
            $"--Agent:NodeName={Node.Name}",
            $"--Agent:ContainerdSocket={SocketPath}",
            $"--Agent:Namespace={ContainerdClientOptions.KubernetesNamespace}",
            $"--Agent:CacheBudgetBytes={settings.CacheBudgetBytes}",
            $"--Agent:HighWatermarkPercent={settings.HighWatermarkPercent}",
            $"--Agent:LowWatermarkPercent={settings.LowWatermarkPercent}",
            $"--Agent:EvictionPolicy={settings.EvictionPolicy}",
            $"--Agent:ImageMinimumAge={ImageMinimumAge:c}",
            $"--Agent:PlainHttpRegistries:0={registryHostPort}",
            $"--Agent:Redis={settings.RedisAddress}",
            $"--Agent:OrderKeysDirectory={settings.OrderKeysDirectory}",
            $"--Agent:PopularityHalfLife={settings.PopularityHalfLife:c}",
            "--Agent:HeartbeatInterval=00:00:02",
            "--Agent:ResyncInterval=00:00:30",
            "--Logging:LogLevel:Default=Warning",
            .. settings.PeerFetch ? PeerArguments() : [],
        ];
        _processes.Add(site.Run.Start($"{label}-{Node.Name}-agent", settings.BinaryPath, arguments, Node.Namespace));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var response = await http.GetAsync(new Uri(AgentUri, "readyz"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer on a busy machine; ask again.
            }

            if (_processes[^1].HasExited || started.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"the agent of {Node.Name} did not get ready within {StartTimeout.TotalSeconds:F0} s:\n{_processes[^1].LogTail(30)}");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The peer port on the node's LAN address, the mirror on loopback, the other nodes' holdings read every 2 s.</summary>
    private string[] PeerArguments() =>
    [
        $"--Agent:Peers:Port={PeerPort}",
        $"--Agent:Peers:AdvertiseAddress=http://{Node.Address}:{PeerPort}",
        $"--Agent:Peers:MirrorPort={MirrorPort}",
        "--Agent:Peers:RefreshInterval=00:00:02",
    ];

    /// <summary>The agent's <c>layercache_evicted_bytes_total</c>: what it has evicted since it started.</summary>
    public Task<long> EvictedBytesAsync(CancellationToken cancellationToken) => CounterAsync("layercache_evicted_bytes_total", cancellationToken);

    /// <summary>The agent's <c>layercache_peer_fetched_bytes_total</c>: what it has fetched from the other nodes since it started.</summary>
    public Task<long> PeerFetchedBytesAsync(CancellationToken cancellationToken) => CounterAsync("layercache_peer_fetched_bytes_total", cancellationToken);

    private async Task<long> CounterAsync(string name, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var text = await http.GetStringAsync(new Uri(AgentUri, "metrics"), cancellationToken).ConfigureAwait(false);
        return (long)MetricsText.Sample(text, name).GetValueOrDefault();
    }

    public async ValueTask DisposeAsync()
    {
        if (Snapshots is not null)
        {
            await Snapshots.DisposeAsync().ConfigureAwait(false);
        }

        Client.Dispose();
        // The agent first, so it does not see containerd go away; then containerd, then its shims and containers.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }
}
