using LayerCache.Agent.Tests.Support;
using LayerCache.Containerd;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Tests;

/// <summary>The agent's inventory against what a real containerd reports, as the kubelet would change it.</summary>
public sealed class InventoryTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    /// <summary>
    /// Well under the agent's 30 s resync (AgentHost), so that what arrives in time came from containerd's events; and
    /// long enough for a loaded machine, where an event's handling can take seconds.
    /// </summary>
    private static readonly TimeSpan BeforeAResync = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Inventory_PullContainerAndRemoval_MatchesContainerdFromEachEvent_BeforeAnyResync()
    {
        var (reference, image) = await environment.PushAsync("inventory/app:v1", environment.Layers(200_000, 100_000));
        await using var agent = await AgentHost.StartAsync(environment);
        using var client = environment.Client();

        await client.PullImageAsync(reference);
        await agent.WaitForNodeAsync(n => image.Layers.All(l => n.Cache.Contains(l.Digest)), BeforeAResync, "the pulled image's layers did not appear");
        await AssertMatchesContainerdAsync(agent, client);

        await client.CreateContainerAsync("inventory-c1", reference, CancellationToken.None);
        await agent.WaitForNodeAsync(n => ImageOf(n, image.ManifestDigest)?.PinCount == 1, BeforeAResync, "the container did not pin its image");
        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), await agent.ReadAsync(n => n.Cache.PinnedBytes));

        await client.DeleteContainerAsync("inventory-c1", CancellationToken.None);
        await client.RemoveImageAsync(reference, CancellationToken.None);
        await agent.WaitForNodeAsync(n => ImageOf(n, image.ManifestDigest) is null, BeforeAResync, "the removed image did not leave the inventory");
        Assert.DoesNotContain(image.Layers, l => agent.ReadAsync(n => n.Cache.Contains(l.Digest)).Result);
        await AssertMatchesContainerdAsync(agent, client);
    }

    [Fact]
    public async Task Metrics_AfterPull_ReportLayersAndBytesWithPrefix()
    {
        var (reference, image) = await environment.PushAsync("inventory/metrics:v1", environment.Layers(50_000));
        await using var agent = await AgentHost.StartAsync(environment);
        using var client = environment.Client();
        await client.PullImageAsync(reference);
        await agent.WaitForNodeAsync(n => ImageOf(n, image.ManifestDigest) is not null, BeforeAResync, "the image did not appear");

        var text = await agent.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        var used = await agent.ReadAsync(n => n.Cache.UsedBytes);
        Assert.Contains($"layercache_layer_bytes {used}\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_containerd_connected 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("layercache_containerd_events_total{topic=\"images_create\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("layercache_containerd_events_total{topic=\"images_create\"} ", text, StringComparison.Ordinal);
        Assert.Contains("layercache_build_info{service=\"agent\",version=\"", text, StringComparison.Ordinal);
        Assert.Contains("\nprocess_resident_memory_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_gc_heap_total_allocated_bytes_total ", text, StringComparison.Ordinal);
        Assert.All(
            text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')),
            l => Assert.True(l.StartsWith("layercache_", StringComparison.Ordinal) || l.StartsWith("process_", StringComparison.Ordinal) || l.StartsWith("dotnet_", StringComparison.Ordinal), l));
    }

    private static Core.Model.CachedImage? ImageOf(Node.NodeState node, Digest manifest) =>
        node.Cache.Images.FirstOrDefault(i => i.Image.ManifestDigest == manifest);

    /// <summary>Every image containerd holds, with its layers, is in the cache, and nothing else is.</summary>
    private static async Task AssertMatchesContainerdAsync(AgentHost agent, ContainerdClient client)
    {
        var expected = new HashSet<Digest>();
        var manifests = new HashSet<Digest>();
        foreach (var group in (await client.ListImagesAsync(CancellationToken.None)).GroupBy(i => i.Target.Digest))
        {
            var resolved = await client.ResolveImageLayersAsync(group.First(), CancellationToken.None);
            expected.UnionWith(resolved.Layers.Select(l => l.Digest));
            manifests.Add(resolved.ManifestDigest!.Value);
        }

        var (layers, images) = await agent.ReadAsync(n => (
            n.Cache.Layers.Where(l => l.ImageRefCount > 0).Select(l => l.Digest).ToHashSet(),
            n.Cache.Images.Select(i => i.Image.ManifestDigest!.Value).ToHashSet()));
        Assert.Equal(expected.OrderBy(d => d.Value), layers.OrderBy(d => d.Value));
        Assert.Equal(manifests.OrderBy(d => d.Value), images.OrderBy(d => d.Value));
    }
}
