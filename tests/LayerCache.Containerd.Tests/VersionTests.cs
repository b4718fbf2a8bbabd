using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

public sealed class VersionTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    [Fact]
    public async Task Version_OnRunningContainerd_ReportsTheDaemonVersion()
    {
        using var client = containerd.CreateClient();

        var version = await client.VersionAsync(CancellationToken.None);

        Assert.StartsWith("1.", version.Version, StringComparison.Ordinal);
        Assert.True(client.IsConnected);
    }
}
