using LayerCache.Testing.Redis;
using LayerCache.Testing.Waiting;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace LayerCache.Cluster.Tests.Support;

/// <summary>
/// One node's agent publishing and a coordinator reading its snapshot, without pause, each on a connection of its own
/// as in production, while a test changes the cluster under them; then checks that they stayed right.
/// </summary>
internal sealed class InventoryTraffic : IAsyncDisposable
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    private readonly ConnectionMultiplexer _agentConnection;
    private readonly ConnectionMultiplexer _coordinatorConnection;
    private readonly ClusterStoreOptions _options;
    private readonly string _node;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _publishing;
    private Task _reading = Task.CompletedTask;

    private InventoryTraffic(ConnectionMultiplexer agentConnection, ConnectionMultiplexer coordinatorConnection, ClusterStoreOptions options, string node)
    {
        (_agentConnection, _coordinatorConnection, _options, _node) = (agentConnection, coordinatorConnection, options, node);
        Agent = new PublishingAgent(new InventoryPublisher(agentConnection, options, node));
        Coordinator = new ReadingCoordinator(new InventoryReader(coordinatorConnection, options), node);
        _publishing = Task.Run(() => Agent.RunAsync(_stop.Token));
    }

    public PublishingAgent Agent { get; }

    public ReadingCoordinator Coordinator { get; }

    /// <summary>The hash slot of the node's keys.</summary>
    public int Slot => _agentConnection.HashSlot(new ClusterKeys(_options).Inventory(_node));

    public static async Task<InventoryTraffic> StartAsync(IRedisFixture redis, string node)
    {
        // How the agent and the coordinator connect, not the fixture's quicker test options.
        var agent = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(redis.Configuration));
        var coordinator = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(redis.Configuration));
        var traffic = new InventoryTraffic(agent, coordinator, TestData.NewOptions(), node);

        // The coordinator starts reading once the node has published, so that every read must find a snapshot.
        await Until.HoldsAsync(() => traffic.Agent.PublishedCount > 0, Ceiling, "the node's first publish");
        traffic._reading = Task.Run(() => traffic.Coordinator.RunAsync(traffic._stop.Token));
        return traffic;
    }

    /// <summary>Waits until the agent and the coordinator have each started and finished at least one more call.</summary>
    public async Task MoveOnAsync()
    {
        var (published, read) = (Agent.Attempts, Coordinator.Attempts);
        await Until.HoldsAsync(
            () => Agent.Attempts > published + 1 && Coordinator.Attempts > read + 1, Ceiling, "the agent publishing and the coordinator reading on");
    }

    /// <summary>How long until the agent has published and the coordinator has read a snapshot again, from now.</summary>
    public async Task<TimeSpan> RecoveryAsync()
    {
        var (published, read) = (Agent.PublishedCount, Coordinator.Reads.Count);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Until.HoldsAsync(
            () => Agent.PublishedCount > published && Coordinator.Reads.Count > read, Ceiling, "the agent publishing and the coordinator reading successfully again");
        return started.Elapsed;
    }

    /// <summary>
    /// Stops both; every snapshot read must be one published under its sequence, and a publish now must land and be
    /// read back exactly. No read may find no snapshot, unless <paramref name="noneAllowed"/>: for a change that may
    /// lose the node's keys until the agent writes them again (a master that dies before its replica has the writes it
    /// acknowledged: Redis replicates asynchronously); the caller checks there was none before the change.
    /// </summary>
    public async Task StopAndCheckAsync(ITestOutputHelper output, bool noneAllowed = false)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_publishing, _reading);
        output.WriteLine($"{Agent.Attempts} publishes ({Agent.PublishedCount} known published), {Coordinator.Attempts} reads ({Coordinator.Reads.Count} of a snapshot, {Coordinator.Missing} of none)");
        foreach (var failure in Agent.Failures.Select(f => "agent: " + f).Concat(Coordinator.Failures.Select(f => "coordinator: " + f)).CountBy(f => f))
        {
            output.WriteLine($"{failure.Value} x {failure.Key}");
        }

        foreach (var (sequence, snapshot) in Coordinator.Reads)
        {
            Agent.AssertPublished(sequence, snapshot);
        }

        Assert.NotEmpty(Coordinator.Reads);
        if (!noneAllowed)
        {
            Assert.Equal(0, Coordinator.Missing);
        }

        var last = TestData.Snapshot([TestData.Image("after:1", "settled")], ["after:1"]);
        long published = 0;
        await Until.HoldsAsync(
            async () =>
            {
                try
                {
                    published = await Agent.Publisher.PublishAsync(last, CancellationToken.None);
                    return true;
                }
                catch (Exception e) when (RedisConnection.IsFailure(e))
                {
                    return false;
                }
            },
            Ceiling,
            "a publish after the change");
        var read = await new InventoryReader(_coordinatorConnection, _options).ReadSnapshotAsync(_node, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(published, read.Sequence);
        TestData.AssertEquivalent(last, read.Snapshot);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_publishing, _reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        await _agentConnection.DisposeAsync();
        await _coordinatorConnection.DisposeAsync();
    }
}
