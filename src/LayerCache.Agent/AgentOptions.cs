namespace LayerCache.Agent;

/// <summary>
/// The agent's settings, bound from the <c>Agent</c> section (appsettings.json, or environment variables such as
/// <c>Agent__CacheBudgetBytes</c>) and checked at start-up by <see cref="AgentOptionsValidator"/>.
/// To add a setting: 1. a property here with its unit in the name and a default; 2. a check in the validator;
/// 3. its use; 4. a test; 5. a line in docs/agent.md.
/// </summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The name this node reports as; defaults to the NODE_NAME environment variable, then the host name.</summary>
    public string NodeName { get; set; } = Environment.GetEnvironmentVariable("NODE_NAME") ?? Environment.MachineName;

    public string ContainerdSocket { get; set; } = "/run/containerd/containerd.sock";

    /// <summary>The containerd namespace the kubelet uses.</summary>
    public string Namespace { get; set; } = "k8s.io";

    /// <summary>
    /// Bytes of layers the watermarks are taken of; unset, a quarter of the size of <see cref="ContainerdRoot"/>'s
    /// filesystem (<see cref="Node.CacheBudget"/> says why).
    /// </summary>
    public long? CacheBudgetBytes { get; set; }

    /// <summary>containerd's root directory: its filesystem, which also holds the snapshots, sizes the default budget.</summary>
    public string ContainerdRoot { get; set; } = "/var/lib/containerd";

    /// <summary>Below the kubelet's image GC high threshold (85% of the image filesystem), so the agent's policy chooses first.</summary>
    public double HighWatermarkPercent { get; set; } = 80;

    /// <summary>Below the kubelet's image GC low threshold (80%).</summary>
    public double LowWatermarkPercent { get; set; } = 70;

    public EvictionPolicyKind EvictionPolicy { get; set; } = EvictionPolicyKind.Lru;

    /// <summary>
    /// An image created or changed more recently than this is not evicted: its pod's container may not exist yet.
    /// Two minutes, as the kubelet's own image garbage collection (ImageMinimumGCAge); 0 turns it off.
    /// </summary>
    public TimeSpan ImageMinimumAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A full re-read of containerd: its garbage collection deletes content without an event.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Layers downloaded at once. Six fetches most images' layers all at once, as <c>ctr</c> does, and is what made the
    /// agent's prefetch at least as fast as <c>ctr content fetch</c> (docs/agent-benchmarks.md); 3 (containerd's CRI
    /// default for pulls) measured level with it. <see cref="BandwidthCapBytesPerSecond"/> is the knob for gentleness.
    /// </summary>
    public int PrefetchConcurrency { get; set; } = 6;

    /// <summary>Cap on prefetch download speed; 0 for none.</summary>
    public long BandwidthCapBytesPerSecond { get; set; }

    /// <summary>Registries (host:port) reached over plain HTTP; all others need HTTPS.</summary>
    public List<string> PlainHttpRegistries { get; set; } = [];

    /// <summary>
    /// Registry credentials in docker's config format (<c>{"auths": {...}}</c>), usually the <c>.dockerconfigjson</c> of a
    /// mounted image pull Secret. Read again whenever it changes; used for the agent's own blob fetches and handed to
    /// containerd's CRI pulls. None: docker's own file (<c>$DOCKER_CONFIG/config.json</c>, <c>~/.docker/config.json</c>), if any.
    /// </summary>
    public string? RegistryCredentialsFile { get; set; }

    /// <summary>
    /// containerd's registry host directory (the CRI's <c>config_path</c>): mirrors, plain HTTP and TLS settings per registry,
    /// so the agent reaches registries as the node's pulls do. Empty: none.
    /// </summary>
    public string RegistryHostsDirectory { get; set; } = "/etc/containerd/certs.d";

    /// <summary>
    /// The snapshotter the kubelet's pulls unpack into (the CRI plugin's <c>snapshotter</c>, <c>overlayfs</c> unless
    /// changed): unpacking ahead must use the same one, or the pull would not find the snapshots.
    /// </summary>
    public string Snapshotter { get; set; } = "overlayfs";

    /// <summary>The containerd leases under which prefetched blobs are kept from garbage collection: their ids start with this.</summary>
    public string LeaseId { get; set; } = "layercache-agent";

    /// <summary>
    /// How long the lease holds prefetched blobs after the agent last renewed it (every third of this while it runs):
    /// a restart within it keeps them; an agent gone for longer (stopped, uninstalled) pins nothing.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Where the cluster state lives: a StackExchange.Redis configuration string (<c>redis:6379</c>). Empty runs the
    /// node alone, with no report to the coordinator and no orders from it.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>How often the node tells the cluster it is alive (and republishes its inventory if that changed).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the node asks its order stream for new orders.</summary>
    public TimeSpan OrderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Orders from the coordinator carried out at once.</summary>
    public int MaxOrdersInFlight { get; set; } = 2;

    /// <summary>
    /// The keys orders must be signed with: a directory of one file per key, named by its id (a mounted Secret shared
    /// with the coordinator). Set, an order that is unsigned or whose signature does not check is refused; empty, orders
    /// are not authenticated and anyone who can write to Redis can order this node (a warning says so at start).
    /// </summary>
    public string OrderKeysDirectory { get; set; } = "";

    /// <summary>An order issued longer ago than this is refused: a signed order copied back into the stream later is not run.</summary>
    public TimeSpan OrderMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most bytes one layer order may bring; 0: the node's cache budget.</summary>
    public long MaxOrderBytes { get; set; }

    /// <summary>Most bytes orders may bring in an hour; 0: four times the node's cache budget.</summary>
    public long MaxOrderBytesPerHour { get; set; }

    /// <summary>
    /// Registries whose images orders may prefetch from (as image references name them: <c>docker.io</c>,
    /// <c>registry.example.com:5000</c>). Empty: those of the images already on the node, and <see cref="PlainHttpRegistries"/>.
    /// </summary>
    public List<string> AllowedRegistries { get; set; } = [];

    /// <summary>Serving layers to the site's other nodes and fetching from them (<c>Agent:Peers:*</c>).</summary>
    public Peers.PeerOptions Peers { get; set; } = new();
}
