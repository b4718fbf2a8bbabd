using LayerCache.Cluster.Tests.Support;
using LayerCache.Core.Inventory;

namespace LayerCache.Cluster.Tests;

public sealed class InventoryDiffTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Apply_ComputedDelta_GivesTheAfterSnapshot(int seed)
    {
        var random = new Random(seed);
        var changed = 0;
        for (var i = 0; i < 400; i++)
        {
            var before = TestData.RandomSnapshot(random);
            var after = TestData.RandomSnapshot(random);
            var delta = InventoryDiff.Compute("node", 7, before, after);
            if (delta is null)
            {
                TestData.AssertEquivalent(after, before);
                continue;
            }

            changed++;
            Assert.Equal(7, delta.Sequence);
            Assert.False(delta.Reset);
            TestData.AssertEquivalent(after, InventoryDiff.Apply(before, delta));
        }

        Assert.True(changed > 300, $"only {changed} of 400 random pairs differed");
    }

    [Fact]
    public void Compute_SameContentInAnotherOrder_IsNull()
    {
        var a = TestData.Image("a:1", "x", "y");
        var b = TestData.Image("b:1", "z");
        var blob = TestData.LayerOf("blob");
        var before = TestData.Snapshot([a, b], ["a:1", "b:1", "a:1"], [blob]);
        var after = TestData.Snapshot([b, a], ["a:1", "a:1", "b:1"], [blob]);

        Assert.Null(InventoryDiff.Compute("node", 1, before, after));
    }

    [Fact]
    public void Compute_ImageWithOtherLayers_IsAddedNotRemoved()
    {
        var before = TestData.Snapshot([TestData.Image("a:1", "x")]);
        var after = TestData.Snapshot([TestData.Image("a:1", "x", "y")]);

        var delta = InventoryDiff.Compute("node", 1, before, after);

        Assert.NotNull(delta);
        Assert.Equal("a:1", Assert.Single(delta.ImagesAdded).Reference);
        Assert.Empty(delta.ImagesRemoved);
        Assert.Null(delta.ContainerImages);
        Assert.Equal(2, Assert.Single(InventoryDiff.Apply(before, delta).Images).Layers.Count);
    }

    [Fact]
    public void Compute_ContainersChanged_CarriesTheFullList()
    {
        var image = TestData.Image("a:1", "x");
        var delta = InventoryDiff.Compute("node", 1, TestData.Snapshot([image], ["a:1"]), TestData.Snapshot([image], ["a:1", "a:1"]));

        Assert.NotNull(delta);
        Assert.Equal(["a:1", "a:1"], delta.ContainerImages);
        Assert.Empty(delta.ImagesAdded);
    }

    [Fact]
    public void Apply_ResetDelta_Throws()
    {
        var reset = new InventoryDelta("node", 1, Reset: true, [], [], [], [], null);

        Assert.Throws<ArgumentException>(() => InventoryDiff.Apply(new InventorySnapshot([], [], []), reset));
    }
}
