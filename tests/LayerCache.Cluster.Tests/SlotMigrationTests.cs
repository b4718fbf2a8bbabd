using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;
using Xunit.Abstractions;

namespace LayerCache.Cluster.Tests;

/// <summary>
/// A node's slot moves to another master of the Redis Cluster while its agent publishes and a coordinator reads:
/// every snapshot read matches what was published under that sequence, and once the slot has moved both go on.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SlotMigrationTests(RedisClusterFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task NodeSlotMigrates_WhileAgentPublishesAndCoordinatorReads_ReadsMatchWhatWasPublished()
    {
        await using var traffic = await InventoryTraffic.StartAsync(cluster, "moving-node");
        var stage = 0;

        var (route, keys) = await SlotMove.RunAsync(cluster, traffic.Slot, async () =>
        {
            await traffic.MoveOnAsync();
            output.WriteLine($"stage {++stage}: {traffic.Agent.Attempts} publishes, {traffic.Agent.Failures.Count} failed; {traffic.Coordinator.Attempts} reads, {traffic.Coordinator.Failures.Count} failed");
        });
        var recovery = await traffic.RecoveryAsync();

        // Before the move the inventory and its sequence were in the slot: both keys moved, one at a time.
        output.WriteLine($"slot {traffic.Slot} {route}: {keys} keys; publishing and reading again {recovery.TotalSeconds:F1} s after");
        Assert.True(keys >= 2, $"slot {traffic.Slot} ({route}) moved {keys} keys");
        await traffic.StopAndCheckAsync(output);
    }
}
