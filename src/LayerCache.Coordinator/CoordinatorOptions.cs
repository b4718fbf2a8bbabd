using LayerCache.Core.Costs;
namespace LayerCache.Coordinator;

/// <summary>
/// The coordinator's settings, bound from the <c>Coordinator</c> section (appsettings.json, or environment variables
/// such as <c>Coordinator__GrpcPort</c>) and checked at start-up by <see cref="CoordinatorOptionsValidator"/>.
/// To add a setting: 1. a property here with its unit in the name and a default; 2. a check in the validator;
/// 3. its use; 4. a test; 5. a line in docs/coordinator.md.
/// </summary>
public sealed class CoordinatorOptions
{
    public const string Section = "Coordinator";

    /// <summary>
    /// A second, HTTP/2-only (h2c) port for plaintext gRPC clients; none when unset. 0 picks a free port.
    /// A plaintext port that also speaks HTTP/1.1 cannot negotiate HTTP/2, so gRPC without TLS needs its own.
    /// </summary>
    public int? GrpcPort { get; set; }

    /// <summary>The address the gRPC port listens on.</summary>
    public string GrpcBindAddress { get; set; } = "0.0.0.0";

    /// <summary>Answer hints before the view has synced once (no Redis, or a test); the view starts empty.</summary>
    public bool ServeWithoutRedis { get; set; }

    /// <summary>Larger bodies on the scheduler-extender routes are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Images a single hint request may name.</summary>
    public int MaxImagesPerRequest { get; set; } = 64;

    /// <summary>Bandwidth assumed for a node that has not reported one.</summary>
    public double DefaultBandwidthBytesPerSecond { get; set; } = 50e6;

    /// <summary>Reported bandwidth is capped here; pull times are scored against a link this fast (10 Gbit/s).</summary>
    public double MaxBandwidthBytesPerSecond { get; set; } = 1.25e9;

    public double UnpackBytesPerSecond { get; set; } = 200e6;

    /// <summary>A registry round trip per missing layer.</summary>
    public double LayerRequestSeconds { get; set; } = 0.05;

    /// <summary>
    /// The site's LAN, where agents serve layers to their peers (docs/peers.md): a layer another node of the pod's
    /// node's site holds is priced at this rate instead of the registry's. 0 (the default): no peer fetch, every missing
    /// layer comes from the registry.
    /// </summary>
    public double LanBytesPerSecond { get; set; }

    /// <summary>A request to a peer per layer fetched from one, with <see cref="LanBytesPerSecond"/>.</summary>
    public double LanRequestSeconds { get; set; } = 0.01;

    /// <summary>
    /// What a missing layer costs a node whose registry link runs at <paramref name="registryBytesPerSecond"/>: Core's
    /// registry price, or with <see cref="LanBytesPerSecond"/> the site's price, where a layer the site holds comes over
    /// the LAN. The hints and the planner take it from here.
    /// </summary>
    public PullCostModel PullCost(double registryBytesPerSecond)
    {
        var registry = new BandwidthPullCostModel(registryBytesPerSecond, UnpackBytesPerSecond, LayerRequestSeconds);
        return LanBytesPerSecond > 0
            ? new SitePullCostModel(registry, new BandwidthPullCostModel(LanBytesPerSecond, UnpackBytesPerSecond, LanRequestSeconds))
            : registry;
    }

    /// <summary>Cache budget of a node known only from its inventory, until its heartbeat says.</summary>
    public long DefaultCapacityBytes { get; set; } = 50L * 1024 * 1024 * 1024;

    /// <summary>
    /// How long a hint waits for the lookup of an image it does not know (its manifest from the catalog or the
    /// registry) before answering without it; 0 answers at once. Keep it well below the scheduler's extender
    /// <c>httpTimeout</c>: only the first pods of a new image wait, once for the whole cluster.
    /// </summary>
    public TimeSpan UnknownImageWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Registries (as image references name them: <c>docker.io</c>, <c>registry.example.com:5000</c>) whose images the
    /// coordinator may look up when a hint names one it does not know. Empty: those of images a node already holds, and
    /// <c>Store:PlainHttpRegistries</c>. Any other host is never contacted, so a hint cannot make the coordinator
    /// connect where it likes; its images stay unresolved (neutral hints) until a node holds them.
    /// </summary>
    public List<string> AllowedRegistries { get; set; } = [];

    /// <summary>
    /// A port of its own for <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (plain HTTP, on <see cref="GrpcBindAddress"/>);
    /// set, they are answered there only, and nothing else is. Unset: they are answered on every listener.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>Connections served at once; more wait in the kernel's queue (so slow clients cannot take every one).</summary>
    public long MaxConcurrentConnections { get; set; } = 1024;

    /// <summary>A client that has not sent its whole request headers in this long is disconnected.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A file holding the bearer token callers of <c>/scheduler</c>, <c>/v1</c> and the gRPC hints must send
    /// (<c>Authorization: Bearer TOKEN</c>), unless they present a client certificate of <see cref="ClientCaFile"/>.
    /// Read at start. Empty, with no <see cref="ClientCaFile"/> either: anyone who reaches the port may call them.
    /// </summary>
    public string? ApiTokenFile { get; set; }

    /// <summary>
    /// A PEM file of the CA whose client certificates may call the extender and the API (kube-scheduler's extender
    /// <c>tlsConfig</c> presents one); HTTPS listeners then ask callers for a certificate.
    /// </summary>
    public string? ClientCaFile { get; set; }

    /// <summary>
    /// Registry lookups started a second at most (with a burst of as many): hints naming many new images cannot make
    /// the coordinator hammer a registry. A lookup over the rate is dropped and asked for again by a later hint.
    /// </summary>
    public int RegistryLookupsPerSecond { get; set; } = 20;

    /// <summary>References of unknown images waiting for the resolver; more are dropped (and asked again later).</summary>
    public int UnknownImageQueueLength { get; set; } = 1024;

    /// <summary>(pod uid, image) pairs remembered so that each pod counts once toward an image's popularity.</summary>
    public int RememberedPodImages { get; set; } = 100_000;

    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromHours(1);
}
