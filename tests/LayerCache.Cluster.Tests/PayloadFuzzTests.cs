using System.Text;
using System.Text.Json.Serialization.Metadata;
using LayerCache.Cluster.Json;
using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Fuzzing;

namespace LayerCache.Cluster.Tests;

/// <summary>
/// Every payload type read from Redis, mutated at random from a good one (seeded, so a failure replays): reading it is
/// a good payload or a reason, never an exception, and a payload read as good passes its type's rules.
/// </summary>
public sealed class PayloadFuzzTests
{
    private const int Mutants = 3000;

    [Fact]
    public void Heartbeat() => Fuzz(1, new NodeHeartbeat("edge-a", 7, 1_000_000, 0.9, 0.8, 5e7, "Lru", DateTimeOffset.UnixEpoch), ClusterJson.Default.NodeHeartbeat);

    [Fact]
    public void Delta() => Fuzz(
        2,
        new InventoryDelta("edge-a", 3, false, [TestData.Image("registry.test/app:v1", "a", "b")], ["registry.test/old:v1"], [TestData.LayerOf("c")], [TestData.DigestOf("d")], ["registry.test/app:v1"]),
        ClusterJson.Default.InventoryDelta);

    [Fact]
    public void Order() => Fuzz<NodeOrder>(
        3,
        new PrefetchLayersOrder("o-1", "edge-a", "registry.test/app:v1", [TestData.LayerOf("a")], DateTimeOffset.UnixEpoch),
        ClusterJson.Default.NodeOrder);

    [Fact]
    public void EvictionOrder() => Fuzz<NodeOrder>(
        7,
        new EvictOrder("o-2", "edge-a", ["registry.test/old:v1"], [TestData.DigestOf("b")], DateTimeOffset.UnixEpoch),
        ClusterJson.Default.NodeOrder);

    [Fact]
    public void Outcome() => Fuzz(4, new OrderOutcome("o-1", "edge-a", OrderKind.Evict, false, 12, 0.5, "refused: unsigned", DateTimeOffset.UnixEpoch), ClusterJson.Default.OrderOutcome);

    [Fact]
    public void Image() => Fuzz(5, TestData.Image("registry.test/app:v1", "a", "b", "c"), ClusterJson.Default.ContainerImage);

    [Fact]
    public void Layer() => Fuzz(6, TestData.LayerOf("a", 4096), ClusterJson.Default.Layer);

    private static void Fuzz<T>(int seed, T good, JsonTypeInfo<T> info)
    {
        var random = new Random(seed);
        var json = Encoding.UTF8.GetString(Payload.Write(good, info)!);
        Assert.True(Payload.TryRead(json, info, out _, out var goodReason), goodReason);
        var accepted = 0;
        for (var i = 0; i < Mutants; i++)
        {
            var mutant = JsonMutator.Mutate(json, random);
            bool read;
            try
            {
                read = Payload.TryRead(mutant, info, out var item, out var reason);
                Assert.True(read || reason.Length > 0, $"refused without a reason: {mutant}");
                Assert.True(!read || PayloadRules.Problem(item) is null, $"accepted against its rules: {mutant}");
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, mutant {i} threw {e.GetType().Name}: {e.Message}\n{mutant}");
                throw;
            }

            accepted += read ? 1 : 0;
        }

        // The mutations keep some payloads good (a changed value of the right kind), so both paths were taken.
        Assert.InRange(accepted, 1, Mutants - 1);
    }
}
