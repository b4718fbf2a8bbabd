using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Model;

/// <summary>A layer unpacked ahead counts its snapshot's disk in the node's usage until it goes.</summary>
public sealed class NodeCacheUnpackTests
{
    private readonly ManualTimeProvider _time = new();

    private readonly Layer _layer = Build.Layer(1, 100);

    [Fact]
    public void MarkUnpacked_CountsTheSnapshotBesideTheBlob_UntilTheLayerGoes()
    {
        var node = PresentNode();
        var layer = _layer;

        node.MarkUnpacked(layer.Digest, 230);

        Assert.Equal(LayerState.Unpacked, node.StateOf(layer.Digest));
        Assert.Equal(330, node.UsedBytes);
        Assert.Equal(330, EvictionCandidate.ForLayer(node.Layers.Single()).FreedBytes);
        Assert.Equal(330, node.RemoveLayer(layer.Digest));
        Assert.Equal(0, node.UsedBytes);
    }

    [Fact]
    public void MarkUnpacked_Twice_CountsTheSnapshotOnce()
    {
        var node = PresentNode();

        node.MarkUnpacked(_layer.Digest, 230);
        node.MarkUnpacked(_layer.Digest, 230);

        Assert.Equal(330, node.UsedBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => node.MarkUnpacked(_layer.Digest, -1));
    }

    private NodeCache PresentNode()
    {
        var node = Build.Node("n0", 10_000, _time);
        node.AddLayer(_layer, LayerState.Present);
        return node;
    }
}
