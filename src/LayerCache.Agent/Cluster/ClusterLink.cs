using LayerCache.Agent.Inventory;
using LayerCache.Agent.Node;
using LayerCache.Agent.Peers;
using LayerCache.Cluster;
using LayerCache.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LayerCache.Agent.Cluster;

/// <summary>
/// The node's link to the cluster through Redis (<see cref="AgentOptions.Redis"/>; none when it is empty): reports
/// the inventory, container starts and heartbeats, and carries out the coordinator's orders. Redis being away
/// never stops the node: the inventory and eviction go on alone, the node stays ready, and the link backs off,
/// then republishes the whole inventory once Redis answers again.
/// </summary>
public sealed partial class ClusterLink(
    InventorySync inventory,
    NodeState node,
    OrderExecutor executor,
    OrderRegistries registries,
    PeerDirectory peers,
    AgentMetrics metrics,
    IOptions<AgentOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ClusterLink> logger)
    : BackgroundLoop(lifetime, logger)
{
    private readonly AgentOptions _options = options.Value;
    private readonly LinkState _state = new(metrics, time, logger);
    private InventoryReporter? _reporter;

    public bool Enabled => !string.IsNullOrWhiteSpace(_options.Redis);

    /// <summary>True while Redis answers the link's calls.</summary>
    public bool IsConnected => _state.IsConnected;

    /// <summary>The inventory sequence this node last published; 0 before the first.</summary>
    public long PublishedSequence => _reporter?.Sequence ?? 0;

    /// <summary>Where the cluster's keys live; the coordinator must use the same.</summary>
    public ClusterStoreOptions Store { get; } = new();

    protected override string Name => "cluster link";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            LogAlone(logger);
            return;
        }

        metrics.RedisConnected.Set(0);
        using var redis = await ConnectAsync(stoppingToken).ConfigureAwait(false);
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            var publisher = new InventoryPublisher(redis, Store, _options.NodeName);
            var popularity = new PopularityStore(redis, Store, _options.PopularityHalfLife, time);
            var reporter = new InventoryReporter(inventory, node, publisher, popularity, _state, metrics, _options, time);
            _reporter = reporter;
            OrderKeys? keys = null;
            if (string.IsNullOrWhiteSpace(_options.OrderKeysDirectory))
            {
                LogUnauthenticated(logger);
            }
            else
            {
                keys = OrderKeys.Load(_options.OrderKeysDirectory, time: time);
            }

            var orders = new OrderQueue(redis, Store, time, keys);
            var bad = new BadPayloadSink(kind => metrics.BadPayloads.Inc(1, kind), b => LogBadPayload(logger, b.Kind, b.Key, b.Reason));
            orders.BadPayload += bad.Report;
            var capacity = await ReadCapacityAsync(stoppingToken).ConfigureAwait(false);
            var budget = new OrderBudget(
                _options.MaxOrderBytes > 0 ? _options.MaxOrderBytes : capacity,
                _options.MaxOrderBytesPerHour > 0 ? _options.MaxOrderBytesPerHour : 4 * capacity,
                time);
            var consumer = new OrderConsumer(orders, executor, registries, budget, _state, metrics, _options, time, logger);
            var reader = new InventoryReader(redis, Store);
            reader.BadPayload += bad.Report;
            await Task.WhenAll(reporter.RunAsync(stoppingToken), consumer.RunAsync(stoppingToken), FollowPeersAsync(reader, stoppingToken)).ConfigureAwait(false);
        }
        finally
        {
            redis.ConnectionFailed -= OnConnectionFailed;
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    /// <summary>Keeps the table of the site's holders current while the mirror is on; a failed read keeps the last table.</summary>
    private async Task FollowPeersAsync(InventoryReader reader, CancellationToken stoppingToken)
    {
        if (_options.Peers.MirrorPort == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.Peers.RefreshInterval, time);
        do
        {
            try
            {
                await peers.RefreshAsync(reader, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (RedisConnection.IsFailure(e) && !stoppingToken.IsCancellationRequested)
            {
                metrics.RedisErrors.Inc(1, "peers");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<long> ReadCapacityAsync(CancellationToken cancellationToken)
    {
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return node.Cache.CapacityBytes;
        }
        finally
        {
            node.Lock.Release();
        }
    }

    /// <summary>Normally returns at once, connected or not (the multiplexer keeps trying); retries if even that fails.</summary>
    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(_options.Redis)).ConfigureAwait(false);
            }
            catch (Exception e) when (RedisConnection.IsFailure(e) || e is System.Net.Sockets.SocketException)
            {
                _state.Failed("connection", e.Message);
                await Task.Delay(LinkState.Backoff(attempt), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        _state.Failed("connection", e.Exception?.Message ?? e.FailureType.ToString());

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _state.Restored();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent:OrderKeysDirectory is not set: orders are not authenticated, and anyone who can write to Redis can order this node")]
    private static partial void LogUnauthenticated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a bad {Kind} in Redis at {Key}, never acting on it: {Reason}")]
    private static partial void LogBadPayload(ILogger logger, string kind, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent:Redis is not set: the node runs alone, without reporting to a coordinator")]
    private static partial void LogAlone(ILogger logger);
}
