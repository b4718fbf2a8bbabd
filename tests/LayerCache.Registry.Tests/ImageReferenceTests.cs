namespace LayerCache.Registry.Tests;

public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", "latest")]
    [InlineData("nginx:1.25", "docker.io", "library/nginx", "1.25")]
    [InlineData("bitnami/redis:7", "docker.io", "bitnami/redis", "7")]
    [InlineData("docker.io/nginx", "docker.io", "library/nginx", "latest")]
    [InlineData("index.docker.io/library/nginx:stable", "docker.io", "library/nginx", "stable")]
    [InlineData("localhost/app", "localhost", "app", "latest")]
    [InlineData("localhost:5000/team/app:v1", "localhost:5000", "team/app", "v1")]
    [InlineData("127.0.0.1:41234/app:v1", "127.0.0.1:41234", "app", "v1")]
    [InlineData("ghcr.io/org/sub/app:1.0.0-rc_1", "ghcr.io", "org/sub/app", "1.0.0-rc_1")]
    [InlineData("registry.example.com/a__b/c-d.e:tag", "registry.example.com", "a__b/c-d.e", "tag")]
    public void Parse_NormalisesLikeDocker(string text, string registry, string repository, string tag)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
    }

    [Fact]
    public void Parse_DockerHub_TalksToRegistryOne()
    {
        var reference = ImageReference.Parse("nginx");

        Assert.Equal("registry-1.docker.io", reference.EndpointHost);
        Assert.Equal("docker.io/library/nginx:latest", reference.ToString());
    }

    [Fact]
    public void Parse_OtherRegistry_TalksToItself()
    {
        Assert.Equal("localhost:5000", ImageReference.Parse("localhost:5000/app").EndpointHost);
    }

    [Fact]
    public void Parse_DigestOnly_HasNoTagAndUsesDigestForManifests()
    {
        var reference = ImageReference.Parse($"quay.io/app@sha256:{Hex}");

        Assert.Null(reference.Tag);
        Assert.Equal($"sha256:{Hex}", reference.Digest!.Value.Value);
        Assert.Equal($"sha256:{Hex}", reference.ManifestReference);
        Assert.Equal($"quay.io/app@sha256:{Hex}", reference.ToString());
    }

    [Fact]
    public void Parse_TagAndDigest_KeepsBothAndPrefersDigest()
    {
        var reference = ImageReference.Parse($"localhost:5000/app:v2@sha256:{Hex}");

        Assert.Equal("localhost:5000", reference.Registry);
        Assert.Equal("v2", reference.Tag);
        Assert.Equal($"sha256:{Hex}", reference.ManifestReference);
    }

    [Fact]
    public void Parse_PortWithoutTag_IsNotMistakenForATag()
    {
        var reference = ImageReference.Parse("myhost:5000/app");

        Assert.Equal("myhost:5000", reference.Registry);
        Assert.Equal("app", reference.Repository);
        Assert.Equal("latest", reference.Tag);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("Nginx", "lower case")]
    [InlineData("docker.io/Library/nginx", "lower case")]
    [InlineData("app:bad tag", "white space")]
    [InlineData("app:-tag", "invalid tag")]
    [InlineData("app@sha256:abc", "invalid digest")]
    [InlineData("app@md5:0123456789abcdef0123456789abcdef", "invalid digest")]
    [InlineData("host:99999/app", "invalid port")]
    [InlineData("localhost:5000/", "no repository")]
    [InlineData("a//b", "invalid repository")]
    [InlineData("app-/x", "invalid repository")]
    public void Parse_Invalid_ThrowsWithAClearReason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ImageReference.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalseAndAnError()
    {
        Assert.False(ImageReference.TryParse("UPPER/case", out var reference, out var error));
        Assert.Null(reference);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void WithDigest_KeepsRegistryAndRepository()
    {
        var digest = Core.Model.Digest.Parse($"sha256:{Hex}");

        var pinned = ImageReference.Parse("localhost:5000/app:v1").WithDigest(digest);

        Assert.Equal("localhost:5000/app:v1@sha256:" + Hex, pinned.ToString());
    }

    [Theory]
    [InlineData("docker.io", true)]
    [InlineData("registry.example.com:5000", true)]
    [InlineData("10.0.0.5:5000", true)]
    [InlineData("[fd00::7]:5000", true)]
    [InlineData("../etc", false)]
    [InlineData("a..b", false)]
    [InlineData("-registry", false)]
    [InlineData("docker.io/library", false)]
    [InlineData("https://docker.io", false)]
    [InlineData("registry.example.com:0", false)]
    [InlineData("registry.example.com:70000", false)]
    [InlineData("", false)]
    public void IsRegistryHost_HostsAsReferencesNameThem(string host, bool expected)
    {
        Assert.Equal(expected, ImageReference.IsRegistryHost(host));
    }
}
