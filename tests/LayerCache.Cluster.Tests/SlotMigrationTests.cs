using System.Collections.Concurrent;
using LayerCache.Cluster.Tests.Support;
using LayerCache.Core.Inventory;
using LayerCache.Testing.Redis;
using LayerCache.Testing.Waiting;
using Xunit.Abstractions;

namespace LayerCache.Cluster.Tests;

/// <summary>
/// A node's slot moves to another master of the Redis Cluster while its agent publishes and a coordinator reads,
/// each on a connection of its own as in production: every snapshot read matches what was published under that
/// sequence, and once the slot has moved both go on where they were.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SlotMigrationTests(RedisClusterFixture cluster, ITestOutputHelper output)
{
    private const string Node = "moving-node";

    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task NodeSlotMigrates_WhileAgentPublishesAndCoordinatorReads_ReadsMatchWhatWasPublished()
    {
        await using var agentConnection = await cluster.ConnectAsync();
        await using var coordinatorConnection = await cluster.ConnectAsync();
        var options = TestData.NewOptions();
        var slot = agentConnection.HashSlot(new ClusterKeys(options).Inventory(Node));
        var agent = new Agent(new InventoryPublisher(agentConnection, options, Node));
        var coordinator = new Coordinator(new InventoryReader(coordinatorConnection, options));
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(agent.RunAsync(stop.Token), coordinator.RunAsync(stop.Token));

        var stage = 0;
        var (route, keys) = await SlotMove.RunAsync(cluster, slot, async () =>
        {
            await BothMoveOnAsync(agent, coordinator);
            output.WriteLine($"stage {++stage}: {agent.Published.Count} published, {agent.Failures.Count} failed; {coordinator.Reads.Count} read, {coordinator.Failures.Count} failed");
        });
        await BothMoveOnAsync(agent, coordinator);
        await stop.CancelAsync();
        await running;
        output.WriteLine($"slot {slot} {route}: {keys} keys; {agent.Attempts} publishes, {coordinator.Attempts} reads");
        foreach (var failure in agent.Failures.Select(f => "agent: " + f).Concat(coordinator.Failures.Select(f => "coordinator: " + f)).CountBy(f => f))
        {
            output.WriteLine($"{failure.Value} x {failure.Key}");
        }

        // Before the move the inventory and its sequence were in the slot: both keys moved, one at a time.
        Assert.True(keys >= 2, $"slot {slot} ({route}) moved {keys} keys");
        foreach (var (readSequence, snapshot) in coordinator.Reads)
        {
            Assert.True(
                agent.Published.TryGetValue(readSequence, out var published) || agent.Uncertain.Any(u => Same(u, snapshot)),
                $"sequence {readSequence} read, never published");
            if (published is not null)
            {
                TestData.AssertEquivalent(published, snapshot);
            }
        }

        // Settled: one more publish lands where the slot now lives, and the coordinator reads exactly that.
        var last = TestData.Snapshot([TestData.Image("after:1", "moved")], ["after:1"]);
        var sequence = await agent.Publisher.PublishAsync(last, CancellationToken.None);
        var read = await new InventoryReader(coordinatorConnection, options).ReadSnapshotAsync(Node, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(sequence, read.Sequence);
        TestData.AssertEquivalent(last, read.Snapshot);
        Assert.NotEmpty(coordinator.Reads);
        Assert.NotEmpty(agent.Published);
    }

    // Waits until the agent and the coordinator have each started and finished at least one more call.
    private static async Task BothMoveOnAsync(Agent agent, Coordinator coordinator)
    {
        var (published, read) = (agent.Attempts, coordinator.Attempts);
        await Until.HoldsAsync(
            () => agent.Attempts > published + 1 && coordinator.Attempts > read + 1, Ceiling, "the agent publishing and the coordinator reading on");
    }

    private static bool Same(InventorySnapshot a, InventorySnapshot b)
    {
        try
        {
            TestData.AssertEquivalent(a, b);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    /// <summary>Publishes a new random inventory again and again, as the agent would, keeping what went under which sequence.</summary>
    private sealed class Agent(InventoryPublisher publisher)
    {
        private int _attempts;

        public InventoryPublisher Publisher => publisher;

        public int Attempts => Volatile.Read(ref _attempts);

        public ConcurrentDictionary<long, InventorySnapshot> Published { get; } = new();

        /// <summary>Snapshots whose publish failed without saying whether Redis took them.</summary>
        public ConcurrentBag<InventorySnapshot> Uncertain { get; } = [];

        public ConcurrentBag<string> Failures { get; } = [];

        public async Task RunAsync(CancellationToken stop)
        {
            var random = new Random(13);
            while (!stop.IsCancellationRequested)
            {
                var snapshot = TestData.RandomSnapshot(random);
                var before = publisher.Sequence;
                try
                {
                    Published[await publisher.PublishAsync(snapshot, CancellationToken.None)] = snapshot;
                }
                catch (Exception e) when (RedisConnection.IsFailure(e))
                {
                    Failures.Add(e.Message);
                    if (publisher.Sequence != before)
                    {
                        Published[publisher.Sequence] = snapshot;
                    }
                    else
                    {
                        Uncertain.Add(snapshot);
                    }
                }

                Interlocked.Increment(ref _attempts);
            }
        }
    }

    /// <summary>Reads the node's snapshot again and again, as the coordinator's resync does.</summary>
    private sealed class Coordinator(InventoryReader reader)
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public ConcurrentQueue<(long Sequence, InventorySnapshot Snapshot)> Reads { get; } = new();

        public ConcurrentBag<string> Failures { get; } = [];

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (await reader.ReadSnapshotAsync(Node, CancellationToken.None) is { } inventory)
                    {
                        Reads.Enqueue((inventory.Sequence, inventory.Snapshot));
                    }
                }
                catch (Exception e) when (RedisConnection.IsFailure(e))
                {
                    Failures.Add(e.Message);
                }

                Interlocked.Increment(ref _attempts);
            }
        }
    }
}
