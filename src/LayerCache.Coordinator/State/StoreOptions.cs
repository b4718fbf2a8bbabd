namespace LayerCache.Coordinator.State;

/// <summary>
/// How the coordinator follows the cluster state in Redis, bound from the <c>Store</c> section and checked at
/// start-up by <see cref="StoreOptionsValidator"/>. Redis itself is <c>Redis:Configuration</c> (or <c>--redis</c>).
/// </summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The StackExchange.Redis configuration string, from <c>Redis:Configuration</c> or <c>--redis</c>.</summary>
    public string? RedisConfiguration { get; set; }

    /// <summary>Copied from <c>Coordinator:ServeWithoutRedis</c>: with it, no Redis is a choice rather than a mistake.</summary>
    public bool ServeWithoutRedis { get; set; }

    /// <summary>The first segment of every key; agents and coordinators of one installation must agree.</summary>
    public string KeyPrefix { get; set; } = "lc";

    /// <summary>How often the delta stream is read. Hints see a node's change this much after the agent reports it, at most.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often every node's heartbeat is re-read (bandwidth, budget, and the sequence that reveals a missed delta).</summary>
    public TimeSpan HeartbeatRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A node whose last heartbeat is older is reported stale (and not ready) by <c>GET /v1/nodes</c>; three agent
    /// heartbeats at their default interval. Hints keep using its inventory until <see cref="NodeExpiry"/>.
    /// </summary>
    public TimeSpan NodeStaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A node whose last heartbeat is older leaves the view: its pods score as on an unknown node.</summary>
    public TimeSpan NodeExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First wait after Redis fails; it doubles up to <see cref="MaxRetryDelay"/>, each wait drawn between half and all of it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a resolved image stays in the shared catalog before it is resolved again.</summary>
    public TimeSpan ImageTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After a reference fails to resolve, hints for it wait this long before asking its registry again.</summary>
    public TimeSpan FailedImageRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Registries (host:port) reached over plain HTTP; all others need HTTPS.</summary>
    public List<string> PlainHttpRegistries { get; set; } = [];

    /// <summary>A docker config.json with registry credentials for resolving images; none by default.</summary>
    public string? DockerConfigPath { get; set; }
}
