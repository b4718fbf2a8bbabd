using LayerCache.Core.Eviction;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

/// <summary>Invariants of eviction checked after every step of seeded random workloads, under every policy.</summary>
public sealed class EvictionPropertyTests
{
    private const int Steps = 500;

    public static TheoryData<string, int> Cases => Policies.WithSeeds(6);

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomWorkload_LayerInUse_NeverEvicted(string policy, int seed)
    {
        var w = new CacheWorkload(seed, Policies.Named(policy));
        var evictionsWithPins = 0;
        for (var step = 0; step < Steps; step++)
        {
            var pinned = w.Cluster.Nodes.SelectMany(n => n.Layers.Where(l => l.InUse).Select(l => (n, l.Digest))).ToList();

            var outcome = w.Step();

            // No step both stops a pod and evicts, so whatever was in use before a step is still there after it.
            Assert.All(pinned, p => Assert.True(p.n.Contains(p.Digest), $"step {step}: {p.Digest.ToShortString()} in use on {p.n.Name} was evicted"));
            Assert.All(outcome.Victims, v => Assert.All(v.FreedLayers, l => Assert.Equal(0, l.PinCount)));
            Assert.All(outcome.Victims, v => Assert.DoesNotContain(w.Running, r => r.Node == outcome.Node && r.Image.Reference == v.Candidate.Name));
            foreach (var node in w.Cluster.Nodes)
            {
                var running = w.Running.Where(r => r.Node == node).ToList();
                var layers = running.SelectMany(r => r.Image.DistinctLayers).DistinctBy(l => l.Digest).ToList();
                Assert.All(running, r => Assert.True(node.HasImage(r.Image.Reference)));
                Assert.All(layers, l => Assert.True(node.TryGetLayer(l.Digest, out var c) && c.InUse));
                Assert.Equal(layers.Sum(l => l.SizeBytes), node.PinnedBytes);
                Assert.Equal(running.Count, node.RunningContainers);
            }

            evictionsWithPins += outcome.Victims.Count > 0 && pinned.Count > 0 ? 1 : 0;
        }

        Assert.True(evictionsWithPins > 0, "the workload never evicted while something was in use");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomWorkload_AfterEveryStep_UsageWithinCapacityAndBooksBalanced(string policy, int seed)
    {
        var w = new CacheWorkload(seed, Policies.Named(policy));
        var evictions = 0;
        for (var step = 0; step < Steps; step++)
        {
            var outcome = w.Step();

            foreach (var node in w.Cluster.Nodes)
            {
                Assert.True(node.UsedBytes <= node.CapacityBytes, $"step {step}: {node} is over capacity");
                Assert.Equal(node.Layers.Sum(l => l.SizeBytes), node.UsedBytes);
                Assert.All(node.Layers, l => Assert.Equal(node.Images.Count(i => i.Image.DistinctLayers.Any(x => x.Digest == l.Digest)), l.ImageRefCount));
                Assert.All(node.Layers, l => Assert.Contains(node, w.Cluster.HoldersOf(l.Digest)));
            }

            if (outcome.Kind == StepKind.BlobDidNotFit)
            {
                // MakeRoom refused only because nothing more could go.
                Assert.Empty(CacheEvictor.Candidates(outcome.Node));
            }

            evictions += outcome.Victims.Count;
        }

        Assert.True(evictions > 0, "the workload never evicted");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomWorkload_Eviction_StopsAtLowWatermarkWithoutOverEvicting(string policy, int seed)
    {
        var w = new CacheWorkload(seed, Policies.Named(policy));
        var enforced = 0;
        for (var step = 0; step < Steps; step++)
        {
            var o = w.Step();
            var node = o.Node;
            if (o.Kind == StepKind.PodStarted)
            {
                if (o.UsedBefore <= node.HighWatermarkBytes)
                {
                    Assert.Empty(o.Victims);
                    Assert.Equal(o.UsedBefore, o.UsedAfterEviction);
                    continue;
                }

                enforced++;
                Assert.Equal(o.UsedBefore - o.UsedAfterEviction, o.Victims.Sum(v => v.FreedBytes)); // planned = removed
                if (o.UsedAfterEviction <= node.LowWatermarkBytes)
                {
                    // It stopped at the first victim that reached the target.
                    Assert.True(o.UsedAfterEviction + o.Victims[^1].FreedBytes > node.LowWatermarkBytes, $"step {step}: over-evicted");
                }
                else
                {
                    Assert.Empty(CacheEvictor.Candidates(node));
                }
            }
            else if (o.Blob is { } blob && o.UsedBefore + blob.SizeBytes > node.HighWatermarkBytes)
            {
                // MakeRoom: down to low - incoming, unless nothing else may go.
                var target = Math.Max(node.LowWatermarkBytes - blob.SizeBytes, 0);
                Assert.True(
                    o.UsedAfterEviction <= target || CacheEvictor.Candidates(node).All(c => c.Layer?.Digest == blob.Digest),
                    $"step {step}: MakeRoom stopped at {o.UsedAfterEviction} above {target} with candidates left");
            }
            else if (o.Blob is not null)
            {
                Assert.Equal(o.UsedBefore, o.UsedAfterEviction); // room enough below the high watermark: nothing goes
            }
        }

        Assert.True(enforced > 0, "the workload never went over the high watermark");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RandomWorkload_Gdsf_InflationNeverFalls(string policy, int seed)
    {
        var w = new CacheWorkload(seed, Policies.Named(policy));
        var last = w.Cluster.Nodes.ToDictionary(n => n.Name, _ => 0.0);
        for (var step = 0; step < Steps; step++)
        {
            w.Step();
            foreach (var node in w.Cluster.Nodes)
            {
                Assert.True(node.Inflation >= last[node.Name]);
                Assert.True(policy == "gdsf" || node.Inflation == 0, "only GDSF inflates");
                last[node.Name] = node.Inflation;
            }
        }

        Assert.True(policy != "gdsf" || last.Values.Any(v => v > 0));
    }
}
