using System.Globalization;
using LayerCache.Agent.Tests.Support;

namespace LayerCache.Agent.Tests;

/// <summary>Eviction on a real containerd under a small budget, for each policy an operator can choose.</summary>
public sealed class EvictionTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    [Theory]
    [InlineData("Lru")]
    [InlineData("Lfu")]
    [InlineData("Gdsf")]
    [InlineData("ClusterAware")]
    public async Task SmallBudget_EvictsOldestUnusedDownToLowWatermark_NeverTheImageInUse(string policy)
    {
        // Four images of one ~400 kB layer each; the budget holds all four, the high watermark (80%) three.
        var pushed = new List<(string Reference, Testing.Registry.TestImage Image)>();
        for (var i = 0; i < 4; i++)
        {
            pushed.Add(await environment.PushAsync($"evict-{policy.ToLowerInvariant()}/app{i}:v1", environment.Layers(400_000)));
        }

        var budget = pushed.Sum(p => p.Image.Layers[0].SizeBytes);
        await using var agent = await AgentHost.StartAsync(environment, new Dictionary<string, string?>
        {
            ["Agent:CacheBudgetBytes"] = budget.ToString(CultureInfo.InvariantCulture),
            ["Agent:HighWatermarkPercent"] = "80",
            ["Agent:LowWatermarkPercent"] = "55",
            ["Agent:EvictionPolicy"] = policy,
        });
        using var client = environment.Client();
        var container = $"evict-{policy.ToLowerInvariant()}-c0";

        // The oldest image is in use; the others age in pull order. With nothing requested yet, every policy
        // values them alike and falls back to least recently used.
        await client.PullImageAsync(pushed[0].Reference);
        await client.CreateContainerAsync(container, pushed[0].Reference, CancellationToken.None);
        foreach (var (reference, image) in pushed.Skip(1))
        {
            await client.PullImageAsync(reference);
            await agent.WaitForNodeAsync(n => n.Cache.Images.Any(i => i.Image.ManifestDigest == image.ManifestDigest), TimeSpan.FromSeconds(30), $"{reference} did not appear");
        }

        // 4 x s > 80% of 4 x s: evict to 55%, i.e. two images; the one in use stays, so app1 and app2 go.
        await agent.WaitForNodeAsync(n => n.Cache.Images.Count == 2, TimeSpan.FromSeconds(30), "eviction did not bring the node to two images");
        var names = (await client.ListImagesAsync(CancellationToken.None)).Select(i => i.Target.Digest).ToHashSet();
        Assert.Contains(pushed[0].Image.ManifestDigest, names);
        Assert.Contains(pushed[3].Image.ManifestDigest, names);
        Assert.DoesNotContain(pushed[1].Image.ManifestDigest, names);
        Assert.DoesNotContain(pushed[2].Image.ManifestDigest, names);

        var (used, low, pinned) = await agent.ReadAsync(n => (n.Cache.UsedBytes, n.Cache.LowWatermarkBytes, n.Cache.PinnedBytes));
        Assert.True(used <= low, $"usage {used} is above the low watermark {low}");
        Assert.True(used + pushed[2].Image.Layers[0].SizeBytes > low, "eviction went past the low watermark");
        Assert.Equal(pushed[0].Image.Layers[0].SizeBytes, pinned);
        Assert.Contains("layercache_evictions_total{reason=\"image\"} 2\n", agent.Metrics.Render(), StringComparison.Ordinal);

        await client.DeleteContainerAsync(container, CancellationToken.None);
        foreach (var (reference, _) in pushed)
        {
            await client.RemoveImageAsync(reference, CancellationToken.None);
        }
    }

    /// <summary>
    /// Recency and frequency disagree: A was used twice long ago, B once since, C never (pulled before A's uses),
    /// D never but newest. Recency keeps the recently used (LRU evicts C and A); frequency keeps the often used
    /// (LFU, GDSF at equal sizes, and cluster-aware with containers counted as requests evict C and D).
    /// </summary>
    [Theory]
    [InlineData("Lru", "c", "a")]
    [InlineData("Lfu", "c", "d")]
    [InlineData("Gdsf", "c", "d")]
    [InlineData("ClusterAware", "c", "d")]
    public async Task SmallBudget_EachPolicyPicksItsOwnVictims(string policy, string firstVictim, string secondVictim)
    {
        var tag = policy.ToLowerInvariant();
        var images = new Dictionary<string, (string Reference, Testing.Registry.TestImage Image)>();
        foreach (var name in new[] { "c", "a", "b", "d" })
        {
            images[name] = await environment.PushAsync($"policy-{tag}/{name}:v1", environment.Layers(400_000));
        }

        var budget = images.Values.Sum(p => p.Image.Layers[0].SizeBytes);
        await using var agent = await AgentHost.StartAsync(environment, new Dictionary<string, string?>
        {
            ["Agent:CacheBudgetBytes"] = budget.ToString(CultureInfo.InvariantCulture),
            ["Agent:HighWatermarkPercent"] = "80",
            ["Agent:LowWatermarkPercent"] = "55",
            ["Agent:EvictionPolicy"] = policy,
        });
        using var client = environment.Client();

        async Task PullAsync(string name, bool waitToAppear = true)
        {
            await client.PullImageAsync(images[name].Reference);
            if (waitToAppear)
            {
                await agent.WaitForNodeAsync(n => n.Cache.Images.Any(i => i.Image.ManifestDigest == images[name].Image.ManifestDigest), TimeSpan.FromSeconds(30), $"{name} did not appear");
            }
        }

        async Task UseAsync(string name, int times)
        {
            for (var i = 0; i < times; i++)
            {
                var id = $"policy-{tag}-{name}-{i}";
                await client.CreateContainerAsync(id, images[name].Reference, CancellationToken.None);
                await agent.WaitForNodeAsync(n => n.Cache.Images.Any(c => c.Image.ManifestDigest == images[name].Image.ManifestDigest && c.InUse), TimeSpan.FromSeconds(30), $"{name} was not pinned");
                await client.DeleteContainerAsync(id, CancellationToken.None);
                await agent.WaitForNodeAsync(n => n.Cache.Images.All(c => !c.InUse), TimeSpan.FromSeconds(30), $"{name} was not unpinned");
            }
        }

        await PullAsync("c");
        await PullAsync("a");
        await PullAsync("b");
        await UseAsync("a", 2);
        await UseAsync("b", 1);
        // d takes the node over the high watermark and may be evicted in the same read that finds it, too soon for a
        // poll to see it: the wait for two images below is what follows its arrival (three fit under the watermark).
        await PullAsync("d", waitToAppear: false);

        await agent.WaitForNodeAsync(n => n.Cache.Images.Count == 2, TimeSpan.FromSeconds(30), "eviction did not bring the node to two images");
        var left = (await client.ListImagesAsync(CancellationToken.None)).Select(i => i.Target.Digest).ToHashSet();
        var evicted = images.Where(kv => !left.Contains(kv.Value.Image.ManifestDigest)).Select(kv => kv.Key).Order().ToList();
        Assert.Equal(new[] { firstVictim, secondVictim }.Order().ToList(), evicted);

        foreach (var (reference, _) in images.Values)
        {
            await client.RemoveImageAsync(reference, CancellationToken.None);
        }
    }
}
