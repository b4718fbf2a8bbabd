using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Inventory;

public sealed class InventoryReconcilerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly NodeCache _node;
    private readonly Layer _base = Build.Layer(1, 100);
    private readonly Layer _a = Build.Layer(2, 10);
    private readonly Layer _b = Build.Layer(3, 20);

    public InventoryReconcilerTests()
    {
        _node = Build.Node("n1", 10_000, _time);
    }

    [Fact]
    public void Apply_EmptyCache_AddsImagesPinsAndBlobs()
    {
        var blob = Build.Layer(9, 5);
        var snapshot = new InventorySnapshot([Build.Image("a", _base, _a), Build.Image("b", _base, _b)], ["a", "a"], [blob]);

        var changes = InventoryReconciler.Apply(_node, snapshot);

        Assert.Equal(new InventoryChanges(2, 0, 1, 0, 2), changes);
        Assert.Equal(100 + 10 + 20 + 5, _node.UsedBytes);
        Assert.True(_node.TryGetImage("a", out var a));
        Assert.Equal(2, a.PinCount);
        Assert.Equal(110, _node.PinnedBytes);
        Assert.True(_node.TryGetLayer(blob.Digest, out var cachedBlob));
        Assert.Equal(0, cachedBlob.ImageRefCount);
    }

    [Fact]
    public void Apply_MoreContainersThanANodeRuns_RefusesTheSnapshotAndChangesNothing()
    {
        InventoryReconciler.Apply(_node, new InventorySnapshot([Build.Image("a", _base, _a)], ["a"], []));
        var containers = Enumerable.Repeat("b", NodeCache.MaxContainers + 1).ToList();
        var snapshot = new InventorySnapshot([Build.Image("b", _base, _b)], containers, []);

        var error = Assert.Throws<ArgumentException>(() => InventoryReconciler.Apply(_node, snapshot));

        Assert.Contains($"{NodeCache.MaxContainers + 1} containers", error.Message, StringComparison.Ordinal);
        Assert.True(_node.HasImage("a"));
        Assert.False(_node.HasImage("b"));
        Assert.Equal(1, _node.RunningContainers);
    }

    [Fact]
    public void Apply_SameSnapshotTwice_SecondChangesNothingAndKeepsUseCounts()
    {
        var snapshot = new InventorySnapshot([Build.Image("a", _base, _a)], ["a"], []);
        InventoryReconciler.Apply(_node, snapshot);
        _node.Touch("a");

        var changes = InventoryReconciler.Apply(_node, snapshot);

        // One use from the container the first snapshot showed, one from Touch; the second apply adds none.
        Assert.True(changes.IsEmpty);
        Assert.True(_node.TryGetImage("a", out var a));
        Assert.Equal(2, a.UseCount);
    }

    [Fact]
    public void Apply_ImageAndContainerGone_UnpinsAndRemovesOnlyItsOwnLayers()
    {
        InventoryReconciler.Apply(_node, new InventorySnapshot([Build.Image("a", _base, _a), Build.Image("b", _base, _b)], ["a"], []));

        var changes = InventoryReconciler.Apply(_node, new InventorySnapshot([Build.Image("b", _base, _b)], [], []));

        Assert.Equal(new InventoryChanges(0, 1, 0, 0, 1), changes);
        Assert.False(_node.HasImage("a"));
        Assert.False(_node.Contains(_a.Digest));
        Assert.True(_node.Contains(_base.Digest));
        Assert.Equal(120, _node.UsedBytes);
        Assert.Equal(0, _node.PinnedBytes);
    }

    [Fact]
    public void Apply_TagMovedToAnotherManifest_ReplacesTheImage()
    {
        InventoryReconciler.Apply(_node, new InventorySnapshot([Build.Image("app:1", _base, _a)], [], []));

        var changes = InventoryReconciler.Apply(_node, new InventorySnapshot([Build.Image("app:1", _base, _b)], [], []));

        Assert.Equal(new InventoryChanges(1, 1, 0, 0, 0), changes);
        Assert.False(_node.Contains(_a.Digest));
        Assert.True(_node.Contains(_b.Digest));
    }

    [Fact]
    public void Apply_ContainerOfMissingImage_PinsNothing()
    {
        var changes = InventoryReconciler.Apply(_node, new InventorySnapshot([Build.Image("a", _base, _a)], ["deleted:latest"], []));

        Assert.Equal(0, changes.PinsChanged);
        Assert.Equal(0, _node.PinnedBytes);
    }

    [Fact]
    public void Apply_LeasedBlobGoneFromRuntime_RemovedButBlobAdoptedByImageStays()
    {
        var adopted = Build.Layer(7, 30);
        var gone = Build.Layer(8, 40);
        InventoryReconciler.Apply(_node, new InventorySnapshot([], [], [adopted, gone]));

        // The prefetched blob 'adopted' now belongs to a pulled image; 'gone' was garbage-collected.
        var changes = InventoryReconciler.Apply(_node, new InventorySnapshot([Build.Image("c", adopted)], [], []));

        Assert.Equal(new InventoryChanges(1, 0, 0, 1, 0), changes);
        Assert.True(_node.Contains(adopted.Digest));
        Assert.False(_node.Contains(gone.Digest));
        Assert.Equal(30, _node.UsedBytes);
    }

    [Fact]
    public void Apply_LeasedBlobUnpackedAhead_IsUnpacked_AndPresentAgainOnceItsSnapshotGoes()
    {
        var blob = Build.Layer(9, 5);
        var unpacked = new InventorySnapshot([], [], [blob]) { UnpackedBlobs = new HashSet<Digest> { blob.Digest } };

        InventoryReconciler.Apply(_node, new InventorySnapshot([], [], [blob]));
        Assert.Equal(LayerState.Present, _node.StateOf(blob.Digest));
        InventoryReconciler.Apply(_node, unpacked);
        Assert.Equal(LayerState.Unpacked, _node.StateOf(blob.Digest));
        InventoryReconciler.Apply(_node, new InventorySnapshot([], [], [blob]));
        Assert.Equal(LayerState.Present, _node.StateOf(blob.Digest));
        Assert.Equal(5, _node.UsedBytes);
    }

    [Fact]
    public void Apply_BlobStillFetching_IsNotRemoved()
    {
        var fetching = Build.Layer(6, 50);
        _node.AddLayer(fetching, LayerState.Fetching);

        InventoryReconciler.Apply(_node, new InventorySnapshot([], [], []));

        Assert.True(_node.Contains(fetching.Digest));
    }

    [Fact]
    public void Apply_NewContainers_CountAsUsesOfTheirImage()
    {
        var image = Build.Image("a", _base, _a);
        var seen = new List<string>();
        InventoryReconciler.Apply(_node, new InventorySnapshot([image], [], []));
        _time.Advance(TimeSpan.FromMinutes(5));

        InventoryReconciler.Apply(_node, new InventorySnapshot([image], ["a", "a"], []), i => seen.Add(i.Reference));

        Assert.Equal(["a", "a"], seen);
        Assert.True(_node.TryGetImage("a", out var cached));
        Assert.Equal(2, cached.UseCount);
        Assert.Equal(_time.GetUtcNow(), cached.LastUsed);
        Assert.True(_node.TryGetLayer(_a.Digest, out var layer));
        Assert.Equal(2, layer.UseCount);
    }
}
