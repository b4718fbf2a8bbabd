using LayerCache.Coordinator.View;

namespace LayerCache.Coordinator.Tests.View;

public sealed class ImageKeyTests
{
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx:latest")]
    [InlineData("nginx:latest", "docker.io/library/nginx:latest")]
    [InlineData("docker.io/library/nginx:latest", "docker.io/library/nginx:latest")]
    [InlineData("library/nginx", "docker.io/library/nginx:latest")]
    [InlineData("docker.io/nginx", "docker.io/library/nginx:latest")]
    [InlineData("index.docker.io/library/nginx:1.25", "docker.io/library/nginx:1.25")]
    [InlineData("envoyproxy/envoy:v1.29.1", "docker.io/envoyproxy/envoy:v1.29.1")]
    [InlineData("ghcr.io/acme/shop-api:2.4.1", "ghcr.io/acme/shop-api:2.4.1")]
    [InlineData("localhost/app", "localhost/app:latest")]
    [InlineData("registry.local:5000/team/app:1", "registry.local:5000/team/app:1")]
    [InlineData("busybox@sha256:50aa4698fa6262977cff89181b2664b99d8a56dbca847bf62f2ef04854597cf8",
        "docker.io/library/busybox@sha256:50aa4698fa6262977cff89181b2664b99d8a56dbca847bf62f2ef04854597cf8")]
    [InlineData("busybox:1.36@sha256:50aa4698fa6262977cff89181b2664b99d8a56dbca847bf62f2ef04854597cf8",
        "docker.io/library/busybox:1.36@sha256:50aa4698fa6262977cff89181b2664b99d8a56dbca847bf62f2ef04854597cf8")]
    public void TryNormalize_Spellings_OneKey(string reference, string expected)
    {
        Assert.True(ImageKey.TryNormalize(reference, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nginx latest")]
    [InlineData("Nginx")]
    [InlineData("nginx:")]
    [InlineData("nginx@")]
    [InlineData("/nginx")]
    [InlineData("a//b")]
    [InlineData("nginx@sha256:1@x")]
    public void TryNormalize_NotAReference_False(string reference) => Assert.False(ImageKey.TryNormalize(reference, out _));
}
