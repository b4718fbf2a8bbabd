using LayerCache.Agent.Node;
using LayerCache.Agent.Tests.Support;

namespace LayerCache.Agent.Tests;

/// <summary>The cache budget from the filesystem that holds containerd's root, when no budget is set.</summary>
public sealed class CacheBudgetTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    [Fact]
    public async Task Resolve_Unset_IsAQuarterOfTheRootsFilesystem_ATmpfsOfKnownSize()
    {
        await using var tmpfs = await TmpfsMount.CreateAsync(sizeMiB: 64);
        var options = AgentOptionsValidatorTests.Valid();
        options.ContainerdRoot = tmpfs.Path;

        var budget = CacheBudget.Resolve(options);

        Assert.Equal(64L * 1024 * 1024 / 4, budget);
        Assert.Equal(await Statfs.SizeBytesAsync(tmpfs.Path) / 4, budget);
    }

    [Fact]
    public async Task Resolve_Unset_ForADirectoryBelowAMount_IsAQuarterOfThatFilesystem()
    {
        var below = Directory.CreateTempSubdirectory("layercache-root-").FullName;
        try
        {
            var options = AgentOptionsValidatorTests.Valid();
            options.ContainerdRoot = below;

            Assert.Equal(await Statfs.SizeBytesAsync(below) / 4, CacheBudget.Resolve(options));
        }
        finally
        {
            Directory.Delete(below);
        }
    }

    [Fact]
    public void Resolve_Set_IsTheSettingWhateverTheRoot()
    {
        var options = AgentOptionsValidatorTests.Valid();
        options.ContainerdRoot = "/nonexistent/containerd";
        options.CacheBudgetBytes = 123_456_789;

        Assert.Equal(123_456_789, CacheBudget.Resolve(options));
    }

    [Fact]
    public async Task Agent_WithNoBudgetSet_TakesAQuarterOfContainerdsFilesystem_AndReportsIt()
    {
        var expected = await Statfs.SizeBytesAsync(environment.Containerd.Directory) / 4;

        await using var agent = await AgentHost.StartAsync(environment);

        Assert.Equal(expected, await agent.ReadAsync(n => n.Cache.CapacityBytes));
        await agent.WaitUntilAsync(
            () => agent.Metrics.Render().Contains($"layercache_cache_budget_bytes {expected}\n", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the budget gauge did not show the filesystem's quarter");
        var watermark = await agent.ReadAsync(n => n.Cache.HighWatermarkBytes);
        Assert.Equal((long)(expected * 0.8), watermark);
        Assert.Contains($"layercache_cache_high_watermark_bytes {watermark}\n", agent.Metrics.Render(), StringComparison.Ordinal);
    }
}
