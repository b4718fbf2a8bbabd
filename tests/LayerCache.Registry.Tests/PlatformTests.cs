using LayerCache.Core.Model;

namespace LayerCache.Registry.Tests;

public sealed class PlatformTests
{
    [Fact]
    public void Current_IsLinuxWithAGoArchitectureName()
    {
        Assert.Equal("linux", Platform.Current.Os);
        Assert.Contains(Platform.Current.Architecture, new[] { "amd64", "arm64", "arm", "386", "s390x", "ppc64le", "riscv64" });
    }

    [Theory]
    [InlineData("linux", "arm64", "v8", "linux", "arm64", null, true)]
    [InlineData("linux", "arm64", null, "linux", "arm64", "v8", true)]
    [InlineData("linux", "arm", "v7", "linux", "arm", "v6", false)]
    [InlineData("linux", "amd64", null, "windows", "amd64", null, false)]
    [InlineData("linux", "amd64", null, "linux", "arm64", null, false)]
    public void Matches_MissingVariantOnEitherSideMatches(
        string os, string architecture, string? variant, string candidateOs, string candidateArchitecture, string? candidateVariant, bool expected)
    {
        var wanted = new Platform(os, architecture, variant);

        Assert.Equal(expected, wanted.Matches(new Platform(candidateOs, candidateArchitecture, candidateVariant)));
    }
}
