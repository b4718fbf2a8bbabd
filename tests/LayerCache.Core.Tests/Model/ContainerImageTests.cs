using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Model;

public sealed class ContainerImageTests
{
    [Fact]
    public void Constructor_DuplicateLayers_CountedOnceAndOrderKept()
    {
        var a = Build.Layer(1, 10);
        var b = Build.Layer(2, 20);
        var c = Build.Layer(3, 30);

        var image = Build.Image("app:1", a, b, a, c, b);

        Assert.Equal([a, b, a, c, b], image.Layers);
        Assert.Equal([a, b, c], image.DistinctLayers);
        Assert.Equal(60, image.SizeBytes); // 10 + 20 + 30, repeats not counted
    }

    [Fact]
    public void Constructor_NoLayers_HasZeroSize()
    {
        var image = Build.Image("scratch");

        Assert.Empty(image.DistinctLayers);
        Assert.Equal(0, image.SizeBytes);
        Assert.Equal("scratch", image.ToString());
        Assert.Null(image.ManifestDigest);
    }

    [Fact]
    public void Constructor_ManifestDigest_IsKept()
    {
        var image = new ContainerImage("app:1", [Build.Layer(1, 10)], Build.Digest(99));

        Assert.Equal(Build.Digest(99), image.ManifestDigest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_BlankReference_Throws(string reference)
    {
        Assert.Throws<ArgumentException>(() => Build.Image(reference, Build.Layer(1, 10)));
    }
}
