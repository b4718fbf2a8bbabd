using LayerCache.Core.Model;

namespace LayerCache.Containerd.Tests.Unit;

/// <summary>Which labels the collector follows, as containerd's own GC reads them.</summary>
public sealed class ImageReferencedContentLabelTests
{
    private static readonly Digest Manifest = Blob(1);
    private static readonly Digest Layer = Blob(2);

    [Theory]
    [InlineData("containerd.io/gc.ref.content", true)]
    [InlineData("containerd.io/gc.ref.content.l.0", true)]
    [InlineData("containerd.io/gc.ref.content/anything", true)]
    [InlineData("containerd.io/gc.ref.contentious", false)]
    [InlineData("containerd.io/gc.ref.snapshot.overlayfs", false)]
    [InlineData("example.com/gc.ref.content.l.0", false)]
    public void Of_FollowsOnlyContentReferenceLabels(string key, bool followed)
    {
        var image = new ContainerdImage("app:1", new ContentDescriptor("", Manifest, 10), new Dictionary<string, string>(), default, default);
        var content = new[] { new ContentInfo(Manifest, 10, default, default, new Dictionary<string, string> { [key] = Layer.Value }) };

        var referenced = ImageReferencedContent.Of([image], content);

        Assert.Contains(Manifest, referenced);
        Assert.Equal(followed, referenced.Contains(Layer));
    }

    [Fact]
    public void Of_ALabelThatIsNotADigest_IsSkipped()
    {
        var image = new ContainerdImage("app:1", new ContentDescriptor("", Manifest, 10), new Dictionary<string, string> { ["containerd.io/gc.ref.content.x"] = "not a digest" }, default, default);

        Assert.Equal(new[] { Manifest }, ImageReferencedContent.Of([image], []));
    }

    private static Digest Blob(byte seed) => Digest.FromHash(System.Security.Cryptography.SHA256.HashData([seed]));
}
