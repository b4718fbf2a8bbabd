using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Model;

public sealed class ClusterViewTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Layer _base = Build.Layer(1, 100);
    private readonly Layer _app1 = Build.Layer(2, 10);
    private readonly Layer _app2 = Build.Layer(3, 20);
    private readonly ContainerImage _image1;
    private readonly ContainerImage _image2;
    private readonly ClusterView _cluster = new();
    private readonly NodeCache _n0;
    private readonly NodeCache _n1;
    private readonly NodeCache _n2;

    public ClusterViewTests()
    {
        _image1 = Build.Image("app1", _base, _app1);
        _image2 = Build.Image("app2", _base, _app2);
        _n0 = _cluster.Add(Build.Node("n0", 1000, _time));
        _n1 = _cluster.Add(Build.Node("n1", 1000, _time));
        _n2 = _cluster.Add(Build.Node("n2", 1000, _time));
    }

    [Fact]
    public void Add_PastTheNodesAViewTakes_IsRefusedAsBadInput_AndChangesNothing()
    {
        var view = new ClusterView { MaxNodes = 2 };
        view.Add(Build.Node("a", 1000, _time));
        view.Add(Build.Node("b", 1000, _time));
        var refused = Build.Node("c", 1000, _time);

        var error = Assert.Throws<ArgumentException>(() => view.Add(refused));

        Assert.Contains("node 'c' is refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], view.Nodes.Select(n => n.Name));
        Assert.Equal(-1, refused.Id);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterView { MaxNodes = Holding.MaxNodeId + 2 });
    }

    [Fact]
    public void IndexesLayerHoldersOff_NodesChangeFreely_ImagesStillIndexed_AndAskingForLayerHoldersThrows()
    {
        var view = new ClusterView { IndexesLayerHolders = false };
        var a = view.Add(Build.Node("a", 1000, _time));
        var b = view.Add(Build.Node("b", 1000, _time));
        a.AddImage(_image1, LayerState.Fetching);
        a.Pin(_image1.Reference);
        a.SetLayerState(_base.Digest, LayerState.Unpacked);
        b.AddImage(_image2);
        b.AddLayer(_app1);
        a.Unpin(_image1.Reference);
        a.RemoveImage(_image1.Reference);
        view.Remove("a");

        Assert.Equal([b], view.NodesWithImage(_image2.Reference));
        Assert.Empty(view.NodesWithImage(_image1.Reference));
        Assert.Equal(0, b.Id);
        Assert.Throws<InvalidOperationException>(() => view.HoldersOf(_base.Digest));
        Assert.Throws<InvalidOperationException>(() => view.HolderCount(_base.Digest));
        Assert.Throws<InvalidOperationException>(() => view.SiteHolds(b.SiteId, _base.Digest));
        Assert.Throws<InvalidOperationException>(() => view.LayerCount);
        Assert.Throws<InvalidOperationException>(() => view.HoldingsOf(_base.Digest));
    }

    [Fact]
    public void Add_Nodes_NumberedInOrder()
    {
        Assert.Equal([0, 1, 2], _cluster.Nodes.Select(n => n.Id));
        Assert.True(_cluster.TryGetNode("n1", out var n1));
        Assert.Same(_n1, n1);
        Assert.False(_cluster.TryGetNode("n9", out _));
    }

    [Fact]
    public void AddImage_OnNodes_IndexesLayersAndImages()
    {
        _n0.AddImage(_image1);
        _n1.AddImage(_image2);

        Assert.Equal([_n0, _n1], _cluster.HoldersOf(_base.Digest).OrderBy(n => n.Id));
        Assert.Equal(2, _cluster.HolderCount(_base.Digest));
        Assert.Equal([_n0], _cluster.HoldersOf(_app1.Digest));
        Assert.Equal([_n1], _cluster.NodesWithImage("app2"));
        Assert.Empty(_cluster.NodesWithImage("app3"));
        Assert.Equal(0, _cluster.HolderCount(Build.Digest(99)));
        Assert.Equal(3, _cluster.LayerCount);
    }

    [Fact]
    public void RemoveImage_KeepsIndexCurrent()
    {
        _n0.AddImage(_image1);
        _n1.AddImage(_image1);
        _n1.AddImage(_image2);

        _n1.RemoveImage("app1");

        Assert.Equal([_n0], _cluster.NodesWithImage("app1"));
        Assert.Equal([_n0], _cluster.HoldersOf(_app1.Digest));
        Assert.Equal(2, _cluster.HolderCount(_base.Digest)); // n1 keeps base for app2

        _n0.RemoveImage("app1");

        Assert.Empty(_cluster.NodesWithImage("app1"));
        Assert.Equal(0, _cluster.HolderCount(_app1.Digest));
        Assert.Equal([_n1], _cluster.HoldersOf(_base.Digest));
        Assert.Equal(2, _cluster.LayerCount); // base and app2's layer
    }

    [Fact]
    public void TwoViewsSharingLayerObjects_EachFindsItsOwnHolders_AndALayerDroppedThenHeldAgainIsFound()
    {
        var other = new ClusterView();
        var elsewhere = other.Add(Build.Node("elsewhere", 1000, _time));

        // Entered in turn in both views: each layer last remembers the other view's holders.
        _n0.AddImage(_image1);
        elsewhere.AddImage(_image1);
        _n1.AddImage(_image1);
        elsewhere.AddImage(_image2);

        Assert.Equal([_n0, _n1], _cluster.HoldersOf(_base.Digest).OrderBy(n => n.Id));
        Assert.Equal([elsewhere], other.HoldersOf(_base.Digest));
        Assert.Equal([elsewhere], other.HoldersOf(_app2.Digest));
        Assert.Equal(0, _cluster.HolderCount(_app2.Digest));

        // The view drops the layer's holders with its last holder; a node holding it again is found under new ones.
        _n0.RemoveImage("app1");
        _n1.RemoveImage("app1");
        Assert.Equal(0, _cluster.LayerCount);
        _n2.AddImage(_image1);

        Assert.Equal([_n2], _cluster.HoldersOf(_base.Digest));
        Assert.Equal([_n2], _cluster.HoldersOf(_app1.Digest));
        Assert.Equal([elsewhere], other.HoldersOf(_app1.Digest));
    }

    [Fact]
    public void RemoveImage_FirstOfThreeHolders_LastHolderMovesUpAndItsChangesStillReachTheIndex()
    {
        _n0.AddImage(_image1);
        _n1.AddImage(_image1);
        _n2.AddImage(_image1);

        _n0.RemoveImage("app1");
        _n2.Pin("app1");
        _n1.SetLayerState(_base.Digest, LayerState.Present);

        // n2's entry took n0's place: pinning it must update that place, not the one it left.
        Assert.Equal([_n2, _n1], _cluster.HoldersOf(_base.Digest));
        Assert.Equal([new Holding(2, LayerState.Unpacked, true), new Holding(1, LayerState.Present, false)], _cluster.HoldingsOf(_base.Digest)!.Holdings.ToArray());
        _n2.Unpin("app1");
        _n2.RemoveImage("app1");
        Assert.Equal([new Holding(1, LayerState.Present, false)], _cluster.HoldingsOf(_base.Digest)!.Holdings.ToArray());
    }

    [Fact]
    public void AddLayer_Orphan_IsHeldButNoImageIsRecorded()
    {
        _n2.AddLayer(_app2);

        Assert.Equal([_n2], _cluster.HoldersOf(_app2.Digest));
        Assert.Empty(_cluster.NodesWithImage("app2"));

        _n2.RemoveLayer(_app2.Digest);

        Assert.Equal(0, _cluster.HolderCount(_app2.Digest));
        Assert.Equal(0, _cluster.LayerCount);
    }

    [Fact]
    public void Add_NodeWithContent_IndexesWhatItHolds()
    {
        var n3 = Build.Node("n3", 1000, _time);
        n3.AddImage(_image2);
        n3.AddLayer(_app1);

        _cluster.Add(n3);

        Assert.Equal(3, n3.Id);
        Assert.Equal([n3], _cluster.NodesWithImage("app2"));
        Assert.Equal([n3], _cluster.HoldersOf(_app1.Digest));
        Assert.Equal(1, _cluster.HolderCount(_base.Digest));
    }

    [Fact]
    public void Remove_Node_DropsItsEntriesAndRenumbers()
    {
        _n0.AddImage(_image1);
        _n2.AddImage(_image1);

        Assert.True(_cluster.Remove("n0"));

        Assert.Equal([_n1, _n2], _cluster.Nodes);
        Assert.Equal(-1, _n0.Id);
        Assert.Equal(0, _n1.Id);
        Assert.Equal(1, _n2.Id);
        Assert.Equal([_n2], _cluster.HoldersOf(_base.Digest));
        Assert.Equal([_n2], _cluster.NodesWithImage("app1"));
        Assert.False(_cluster.TryGetNode("n0", out _));

        _n0.AddImage(_image2); // a removed node no longer reports to the view

        Assert.Equal(0, _cluster.HolderCount(_app2.Digest));
        Assert.False(_cluster.Remove("n0"));
    }

    [Fact]
    public void Add_NodeRemovedEarlier_CanJoinAgainAtTheEnd()
    {
        _n0.AddImage(_image1);
        _cluster.Remove("n0");

        _cluster.Add(_n0);

        Assert.Equal(2, _n0.Id);
        Assert.Equal([_n0], _cluster.NodesWithImage("app1"));
    }

    [Fact]
    public void Replace_NodeFilledApart_TakesTheIdOfTheOneItReplaces_AndNoOtherNodeMoves()
    {
        _n0.AddImage(_image1);
        _n1.AddImage(_image1);
        _n2.AddImage(_image2);
        var filled = Build.Node("n1", 2000, _time);
        filled.AddImage(_image2);
        filled.AddLayer(_app1);

        Assert.Same(filled, _cluster.Replace(filled));

        Assert.Equal([_n0, filled, _n2], _cluster.Nodes);
        Assert.Equal(1, filled.Id);
        Assert.Equal((-1, -1), (_n1.Id, _n1.SiteId));
        Assert.Equal((0, 2), (_n0.Id, _n2.Id));
        Assert.True(_cluster.TryGetNode("n1", out var found) && found == filled);
        Assert.Equal([_n0, filled, _n2], _cluster.HoldersOf(_base.Digest).OrderBy(n => n.Id));
        Assert.Equal([_n0, filled], _cluster.HoldersOf(_app1.Digest).OrderBy(n => n.Id));
        Assert.Equal([filled, _n2], _cluster.HoldersOf(_app2.Digest).OrderBy(n => n.Id));
        Assert.Equal([_n0], _cluster.NodesWithImage("app1"));
        Assert.Equal([filled, _n2], _cluster.NodesWithImage("app2").OrderBy(n => n.Id));

        // The replaced cache no longer reports to the view; the replacement does.
        _n1.RemoveImage("app1");
        filled.RemoveImage("app2");
        Assert.Equal([_n0, _n2], _cluster.HoldersOf(_base.Digest).OrderBy(n => n.Id));
        Assert.Equal([_n2], _cluster.NodesWithImage("app2"));
    }

    [Fact]
    public void Replace_NodeFilledApart_EachLayersStateAndUseReachItsHoldings_AndLeaveWithThem()
    {
        _n0.AddImage(_image1);
        var filled = Build.Node("n1", 2000, _time);
        filled.AddImage(_image1);
        filled.Pin("app1");
        var extra = Build.Layer(4, 30);
        filled.AddLayer(_app2, LayerState.Fetching);
        filled.AddLayer(extra, LayerState.Present);
        filled.RemoveLayer(_app2.Digest);

        _cluster.Replace(filled);

        // Entered by walking the node's entries: the one app2 left empty is not entered.
        Assert.Equal([new Holding(0, LayerState.Unpacked, false), new Holding(1, LayerState.Unpacked, true)], _cluster.HoldingsOf(_base.Digest)!.Holdings.ToArray());
        Assert.Equal([new Holding(1, LayerState.Present, false)], _cluster.HoldingsOf(extra.Digest)!.Holdings.ToArray());
        Assert.Null(_cluster.HoldingsOf(_app2.Digest));

        // Each entry knows its place among its layer's holders: changing and removing it reach the right one.
        filled.SetLayerState(extra.Digest, LayerState.Unpacked);
        Assert.Equal([new Holding(1, LayerState.Unpacked, false)], _cluster.HoldingsOf(extra.Digest)!.Holdings.ToArray());
        _n0.RemoveImage("app1");
        filled.Unpin("app1");
        Assert.Equal([new Holding(1, LayerState.Unpacked, false)], _cluster.HoldingsOf(_base.Digest)!.Holdings.ToArray());
        filled.RemoveImage("app1");
        Assert.Null(_cluster.HoldingsOf(_base.Digest));
        Assert.Equal([filled], _cluster.HoldersOf(extra.Digest));
    }

    [Fact]
    public void Replace_NodeOfAnotherSite_TakesThatSitesId()
    {
        var other = new NodeCache("n2", 1000, 0.9, 0.7, _time) { Site = "west" };

        _cluster.Replace(other);

        Assert.Equal(1, other.SiteId);
        Assert.Equal(2, _cluster.SiteCount);
        Assert.Equal(_n0.SiteId, _n1.SiteId);
    }

    [Fact]
    public void Replace_UnknownNameOrNodeOfAView_Throws_AndChangesNothing()
    {
        _n0.AddImage(_image1);

        Assert.Throws<KeyNotFoundException>(() => _cluster.Replace(Build.Node("n9", 1000, _time)));
        Assert.Throws<InvalidOperationException>(() => _cluster.Replace(_n1));
        var elsewhere = new ClusterView().Add(Build.Node("n0", 1000, _time));
        Assert.Throws<InvalidOperationException>(() => _cluster.Replace(elsewhere));

        Assert.Equal([_n0, _n1, _n2], _cluster.Nodes);
        Assert.Equal([_n0], _cluster.HoldersOf(_base.Digest));
    }

    [Fact]
    public void Add_DuplicateNameOrNodeOfAnotherView_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => _cluster.Add(Build.Node("n1", 1000, _time)));
        Assert.Throws<InvalidOperationException>(() => new ClusterView().Add(_n0));
        Assert.Equal(3, _cluster.Nodes.Count);
    }
}
