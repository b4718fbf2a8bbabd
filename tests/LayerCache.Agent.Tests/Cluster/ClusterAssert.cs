using System.Globalization;
using LayerCache.Agent.Tests.Support;
using LayerCache.Containerd;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Tests.Cluster;

internal static class ClusterAssert
{
    /// <summary>The value of one series (name and labels, as rendered) on the agent's /metrics; 0 when absent.</summary>
    public static double Metric(AgentHost agent, string series)
    {
        var prefix = series + " ";
        var line = agent.Metrics.Render().Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    public static bool Holds(InventorySnapshot snapshot, Digest manifest) => snapshot.Images.Any(i => i.ManifestDigest == manifest);

    /// <summary>The snapshot in Redis holds exactly the images containerd holds, each with the layers containerd resolves for it.</summary>
    public static async Task MatchesContainerdAsync(InventorySnapshot snapshot, ContainerdClient client)
    {
        var expected = new Dictionary<Digest, IReadOnlyList<Digest>>();
        foreach (var group in (await client.ListImagesAsync(CancellationToken.None)).GroupBy(i => i.Target.Digest))
        {
            var resolved = await client.ResolveImageLayersAsync(group.First(), CancellationToken.None);
            expected[resolved.ManifestDigest!.Value] = [.. resolved.Layers.Select(l => l.Digest)];
        }

        var published = snapshot.Images.ToDictionary(i => i.ManifestDigest!.Value, i => (IReadOnlyList<Digest>)[.. i.Layers.Select(l => l.Digest)]);
        Assert.Equal(expected.Keys.OrderBy(d => d.Value), published.Keys.OrderBy(d => d.Value));
        foreach (var (manifest, layers) in expected)
        {
            Assert.Equal(layers, published[manifest]);
        }
    }
}
