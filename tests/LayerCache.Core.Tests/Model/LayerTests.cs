using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Model;

public sealed class LayerTests
{
    [Fact]
    public void Constructor_NegativeSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Layer(Build.Digest(1), -1));
    }

    [Fact]
    public void Constructor_NoMediaType_UsesOciGzip()
    {
        var layer = new Layer(Build.Digest(1), 0);

        Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", layer.MediaType);
        Assert.Equal(0, layer.SizeBytes);
    }

    [Fact]
    public void Equals_SameDigestSizeAndType_AreEqual()
    {
        Assert.Equal(Build.Layer(7, 100), Build.Layer(7, 100));
        Assert.NotEqual(Build.Layer(7, 100), Build.Layer(7, 101));
        Assert.NotEqual(Build.Layer(7, 100), Build.Layer(8, 100));
        Assert.NotEqual(Build.Layer(7, 100), new Layer(Build.Digest(7), 100, "application/vnd.oci.image.layer.v1.tar+zstd"));
    }

    [Fact]
    public void Equals_ALayerAViewHasEntered_StillEqualsItsValue()
    {
        var entered = Build.Layer(7, 100);
        var view = new ClusterView();
        view.Add(Build.Node("n0", 1000, new ManualTimeProvider())).AddImage(Build.Image("app", entered));

        Assert.Equal(Build.Layer(7, 100), entered);
        Assert.Equal(Build.Layer(7, 100).GetHashCode(), entered.GetHashCode());
    }
}
