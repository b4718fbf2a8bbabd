using LayerCache.Cluster.Tests.Support;
using StackExchange.Redis;

namespace LayerCache.Cluster.Tests;

public sealed class ImageInternerTests
{
    [Fact]
    public void Field_Remembered_IsFoundByItsBytes_NotByOtherBytes()
    {
        var interner = new ImageInterner();
        var image = TestData.ImageWithManifest("registry.test/app:1", "base", "app");
        var field = new HashEntry("i:registry.test/app:1", $"{{\"schema\":2,\"manifest\":\"{image.ManifestDigest}\"}}");

        Assert.False(interner.TryField(field, out _));
        interner.RememberField(field, image);

        // The same bytes in other buffers (another node's field) find it; a byte more in the name or the value does not.
        Assert.True(interner.TryField(new HashEntry(field.Name.ToString(), field.Value.ToString()), out var found));
        Assert.Same(image, found);
        Assert.False(interner.TryField(new HashEntry(field.Name + "x", field.Value), out _));
        Assert.False(interner.TryField(new HashEntry(field.Name, field.Value + " "), out _));
    }

    [Fact]
    public void Field_LongerThanTheMost_IsNotRemembered()
    {
        var interner = new ImageInterner();
        var reference = "registry.test/" + new string('a', ImageInterner.MaxFieldBytes) + ":1";
        var image = TestData.ImageWithManifest(reference, "base");
        var field = new HashEntry("i:" + reference, $"{{\"schema\":2,\"manifest\":\"{image.ManifestDigest}\"}}");

        interner.RememberField(field, image);

        Assert.False(interner.TryField(field, out _));
    }
}
