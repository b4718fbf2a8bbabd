using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Eviction;

public sealed class EvictionCandidateTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly NodeCache _node;

    public EvictionCandidateTests()
    {
        _node = Build.Node("n0", 1000, _time);
        _node.AddImage(Build.Image("a", Build.Layer(1, 300), Build.Layer(2, 100)));
        _node.AddImage(Build.Image("b", Build.Layer(1, 300), Build.Layer(3, 50)));
        _time.Advance(TimeSpan.FromMinutes(1));
        _node.Touch("a");
        _node.Touch("a");
    }

    [Fact]
    public void ForImage_FromNode_FreesOnlyExclusiveLayers()
    {
        Assert.True(_node.TryGetImage("a", out var image));

        var candidate = EvictionCandidate.ForImage(image, _node);

        Assert.True(candidate.IsImage);
        Assert.Equal([Build.Digest(2)], candidate.FreedLayers.Select(l => l.Digest)); // layer 1 is b's too
        Assert.Equal(100, candidate.FreedBytes);
        Assert.Equal(2, candidate.UseCount);
        Assert.Equal(ManualTimeProvider.Start.AddMinutes(1), candidate.LastUsed);
        Assert.Equal("a", candidate.Name);
        Assert.Equal("a (100 bytes)", candidate.ToString());
    }

    [Fact]
    public void ForImage_GivenLayers_UsesThem()
    {
        Assert.True(_node.TryGetImage("b", out var image));
        Assert.True(_node.TryGetLayer(Build.Digest(1), out var shared));
        Assert.True(_node.TryGetLayer(Build.Digest(3), out var own));

        var candidate = EvictionCandidate.ForImage(image, [shared, own]);

        Assert.Equal(350, candidate.FreedBytes); // 300 + 50
        Assert.Equal(0, candidate.UseCount);
    }

    [Fact]
    public void ForLayer_Blob_FreesItself()
    {
        var blob = _node.AddLayer(Build.Layer(4, 70));
        _node.Inflation = 0.5;

        var candidate = EvictionCandidate.ForLayer(blob);

        Assert.False(candidate.IsImage);
        Assert.Equal(blob, Assert.Single(candidate.FreedLayers));
        Assert.Equal(70, candidate.FreedBytes);
        Assert.Equal(Build.Digest(4).Value, candidate.Name);
        Assert.Equal(0, candidate.InflationAtLastUse); // inflation when it was added, not now
        Assert.Equal(ManualTimeProvider.Start.AddMinutes(1), candidate.LastUsed);
    }
}
