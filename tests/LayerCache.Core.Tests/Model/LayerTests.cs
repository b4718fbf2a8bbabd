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
    }
}
