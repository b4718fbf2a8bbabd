using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

/// <summary>
/// A node keeps its images in order of last use, and an LRU plan reads its victims from the front of that list: after
/// every step of a random workload, the list holds every image once in that order, and the plan is the one that ranking
/// every image gives (the same victims in the same order, keep values and freed layers), images used at one instant
/// going by name.
/// </summary>
public sealed class LruRecencyTests
{
    private const int Steps = 600;
    private readonly LruEvictionPolicy _lru = new();
    private readonly EvictionContext _context = new(PaperPullCostModel.Instance);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Plan_AfterRandomUse_TakesTheVictimsRankingGives(int seed)
    {
        var random = new Random(seed);
        var clock = new SettableClock();
        var node = Build.Node("n", 1_000_000, clock);
        var layers = Enumerable.Range(1, 30).Select(i => Build.Layer(i, 10 * i)).ToArray();
        var images = Enumerable.Range(0, 40)
            .Select(i => Build.Image($"img-{i:D2}", [.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => layers[random.Next(layers.Length)]).DistinctBy(l => l.Digest)]))
            .ToArray();
        var running = new List<string>();
        var plansWithTies = 0;
        var plansSkippingPins = 0;

        for (var step = 0; step < Steps; step++)
        {
            // Few instants, visited in any order: many images share a last use, and the clock often goes back.
            clock.Now = ManualTimeProvider.Start + TimeSpan.FromSeconds(random.Next(12));
            var reference = images[random.Next(images.Length)].Reference;
            switch (random.Next(6))
            {
                case 0 or 1:
                    node.AddImage(images.Single(i => i.Reference == reference));
                    break;
                case 2 when node.HasImage(reference):
                    node.Touch(reference);
                    break;
                case 3 when node.TryGetImage(reference, out var held) && !held.InUse:
                    node.RemoveImage(reference);
                    break;
                case 4 when node.HasImage(reference):
                    node.Pin(reference);
                    running.Add(reference);
                    break;
                case 5 when running.Count > 0:
                    var stopped = random.Next(running.Count);
                    node.Unpin(running[stopped]);
                    running.RemoveAt(stopped);
                    break;
            }

            var order = RecencyOrder(node);
            Assert.Equal(node.Images.Select(i => i.Reference).Order(StringComparer.Ordinal), order.Select(i => i.Reference).Order(StringComparer.Ordinal));
            Assert.All(order.Zip(order.Skip(1)), pair => Assert.True(pair.First.LastUsed <= pair.Second.LastUsed, $"step {step}: {pair.First.Reference} listed before {pair.Second.Reference}"));
            Assert.Equal(0, node.UnreferencedLayers);

            var target = random.NextInt64(node.UsedBytes + 1);
            var plan = CacheEvictor.Plan(node, _lru, _context, target);
            var ranked = RankedPlan(node, target);

            Assert.Equal(Describe(ranked), Describe(plan));
            plansWithTies += plan.Zip(plan.Skip(1)).Any(pair => pair.First.KeepValue == pair.Second.KeepValue) ? 1 : 0;
            plansSkippingPins += plan.Count > 0 && order.TakeWhile(i => i.Reference != plan[^1].Candidate.Name).Any(i => i.InUse) ? 1 : 0;
        }

        Assert.True(plansWithTies > 0, "no plan took two images last used at one instant");
        Assert.True(plansSkippingPins > 0, "no plan passed over an image in use");
    }

    [Fact]
    public void Plan_UnreferencedLayer_RankedAmongTheImagesByItsLastUse()
    {
        var clock = new SettableClock { Now = ManualTimeProvider.Start };
        var node = Build.Node("n", 1_000, clock);
        node.AddLayer(Build.Layer(9, 100));
        clock.Now += TimeSpan.FromSeconds(1);
        node.AddImage(Build.Image("newer", Build.Layer(1, 100)));

        var plan = CacheEvictor.Plan(node, _lru, _context, 0);

        Assert.Equal([Build.Digest(9).Value, "newer"], plan.Select(v => v.Candidate.Name));
    }

    private List<PlannedVictim> RankedPlan(NodeCache node, long target)
    {
        var victims = new List<PlannedVictim>();
        var used = node.UsedBytes;
        if (used <= target)
        {
            return victims;
        }

        foreach (var victim in CacheEvictor.Rank(node, _lru, _context))
        {
            victims.Add(victim);
            used -= victim.FreedBytes;
            if (used <= target)
            {
                break;
            }
        }

        return victims;
    }

    private static List<CachedImage> RecencyOrder(NodeCache node)
    {
        var order = new List<CachedImage>();
        for (var image = node.LeastRecentlyUsed; image is not null; image = image.UsedAfter)
        {
            Assert.True(order.Count <= node.Images.Count, "the recency list loops");
            order.Add(image);
        }

        return order;
    }

    private static string[] Describe(IEnumerable<PlannedVictim> victims) =>
        [.. victims.Select(v => $"{v.Candidate.Name} {v.KeepValue} [{string.Join(' ', v.FreedLayers.Select(l => l.Digest.ToShortString()))}]")];

    /// <summary>A clock a test sets to any instant, earlier ones included.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = ManualTimeProvider.Start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
