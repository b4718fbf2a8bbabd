using LayerCache.Agent.Tests.Support;
using LayerCache.Agent.Unpack;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Waiting;

namespace LayerCache.Agent.Tests.Unpack;

/// <summary>Evicting snapshots unpacked ahead on a real containerd: what it frees, and what it must never touch.</summary>
public sealed class UnpackEvictionTests(UnpackEnvironment environment) : IClassFixture<UnpackEnvironment>
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Eviction_FreesTheIdleChainsBytes_AndLeavesTheChainAContainerRunsOn()
    {
        var (used, usedImage) = await environment.PushRunnableAsync("unpack-evict/used:v1", 200_000);
        var (idle, idleImage) = await environment.PushRunnableAsync("unpack-evict/idle:v1", 500_000, 300_000);
        using var client = environment.Client();
        var ctr = environment.Ctr;
        const string Id = "on-unpacked-chain";
        await using var agent = await AgentHost.StartAsync(environment, UnpackEnvironment.Settings);
        try
        {
            var unpacker = agent.Get<ImageUnpacker>();
            var usedTop = (await unpacker.UnpackAsync(used, CancellationToken.None)).TopChain.Value;
            var idleTop = (await unpacker.UnpackAsync(idle, CancellationToken.None)).TopChain.Value;

            // A pod ran on the used image, whose record was then removed (crictl rmi): only the container holds its chain.
            await client.PullImageAsync(used);
            await ctr.RunAsync("run", "--detach", "--snapshotter", UnpackEnvironment.Snapshotter, used, Id, "/" + PauseProgram.PathInImage);
            await Until.HoldsAsync(async () => await ctr.PidAsync(Id) is not null, Ceiling, "the container never ran");
            await client.RemoveImageAsync(used, CancellationToken.None);
            Assert.Empty(await client.ListImagesAsync(CancellationToken.None, $"target.digest=={usedImage.Manifest.Digest}"));

            var idleMiddle = (await client.StatSnapshotAsync(UnpackEnvironment.Snapshotter, idleTop, CancellationToken.None))!.Parent;
            var sharedBase = (await client.StatSnapshotAsync(UnpackEnvironment.Snapshotter, usedTop, CancellationToken.None))!.Parent;
            var idleBytes = 0L;
            foreach (var name in new[] { idleTop, idleMiddle })
            {
                idleBytes += (await client.SnapshotUsageAsync(UnpackEnvironment.Snapshotter, name, CancellationToken.None))!.Value;
            }

            await agent.Inventory.ResyncAsync("test", CancellationToken.None);
            var held = await agent.ReadAsync(n => n.UnpackedAhead);
            Assert.Contains(held, c => c.Name == idleTop);

            var gone = await agent.Get<UnpackedChains>().EvictAsync(held, long.MaxValue, _ => 0, CancellationToken.None);

            Assert.Equal(new[] { idleMiddle, idleTop }.Order(StringComparer.Ordinal), gone.Select(c => c.Name).Order(StringComparer.Ordinal));
            Assert.True(idleBytes > 700_000, $"the idle chain measured {idleBytes} bytes");
            Assert.Equal(idleBytes, gone.Sum(c => c.Bytes));
            Assert.Null(await client.StatSnapshotAsync(UnpackEnvironment.Snapshotter, idleTop, CancellationToken.None));
            Assert.Null(await client.StatSnapshotAsync(UnpackEnvironment.Snapshotter, idleMiddle, CancellationToken.None));
            Assert.NotNull(await client.StatSnapshotAsync(UnpackEnvironment.Snapshotter, usedTop, CancellationToken.None));
            Assert.NotNull(await client.StatSnapshotAsync(UnpackEnvironment.Snapshotter, sharedBase, CancellationToken.None));
            Assert.NotNull(await ctr.PidAsync(Id));
            Assert.Equal(idleImage.Layers[0].Digest, usedImage.Layers[0].Digest);
        }
        finally
        {
            await ctr.RemoveAsync(Id);
        }
    }
}
