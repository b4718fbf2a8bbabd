using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;
using Xunit.Abstractions;

namespace LayerCache.Cluster.Tests;

/// <summary>
/// The master holding a node's keys dies and its replica takes over while the node's agent publishes and a
/// coordinator reads: every snapshot read matches what was published under that sequence (the replica may have
/// missed the last writes; the publisher then rewrites the whole snapshot), and both go on with the new master. A
/// replica that had not yet got the node's first writes when the master died has no snapshot of the node until the
/// agent writes it again: a read then finds none, which the coordinator takes as no news of the node. That is
/// allowed from the kill on, never before it.
/// </summary>
public sealed class FailoverTests(ReplicatedRedisClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ReplicatedRedisClusterFixture>
{
    [Fact]
    public async Task MasterDies_ReplicaTakesOver_WhileAgentPublishesAndCoordinatorReads_ReadsMatchWhatWasPublished()
    {
        await using var traffic = await InventoryTraffic.StartAsync(cluster, "failover-node");
        await traffic.MoveOnAsync();

        Assert.Equal(0, traffic.Coordinator.Missing);
        var killed = System.Diagnostics.Stopwatch.StartNew();
        var route = await cluster.KillMasterAsync(traffic.Slot);
        var takeover = killed.Elapsed;
        var recovery = await traffic.RecoveryAsync();
        output.WriteLine($"slot {traffic.Slot}: {route}; the replica took over {takeover.TotalSeconds:F1} s after the kill; publishing and reading again {recovery.TotalSeconds:F1} s after that");
        await traffic.MoveOnAsync();

        await traffic.StopAndCheckAsync(output, noneAllowed: true);
    }
}
