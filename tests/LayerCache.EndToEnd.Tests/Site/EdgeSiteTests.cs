using System.Diagnostics;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Tests.Site;

[Collection(EdgeSiteCollection.Name)]
public sealed class EdgeSiteTests
{
    [Fact]
    public async Task CreateAsync_TwoNodes_NodeReachesOtherNodeAndCloud()
    {
        await using var site = await EdgeSite.CreateAsync(new SiteSettings { Nodes = 2 }, await RunDirectory.CreateAsync(default), default);

        var (nodeServer, nodeServing) = SiteTraffic.Serve(site.Nodes[1].Namespace, site.Nodes[1].Address, 1000);
        var (cloudServer, cloudServing) = SiteTraffic.Serve(site.CloudNamespace, site.CloudAddress, 1000);

        Assert.Equal(1000, await SiteTraffic.DownloadAsync(site.Nodes[0].Namespace, nodeServer));
        Assert.Equal(1000, await SiteTraffic.DownloadAsync(site.Nodes[0].Namespace, cloudServer));
        await Task.WhenAll(nodeServing, cloudServing);
    }

    [Fact]
    public async Task ShapeAsync_SharedUplink_DownloadTakesAtLeastItsTransferTime()
    {
        const int Bytes = 6 * 1024 * 1024;
        const int WanMbit = 40;
        await using var site = await EdgeSite.CreateAsync(new SiteSettings { Nodes = 2, WanMbit = WanMbit }, await RunDirectory.CreateAsync(default), default);
        await site.ShapeAsync();
        var before = await site.WanBytesAsync();

        var (server, serving) = SiteTraffic.Serve(site.CloudNamespace, site.CloudAddress, Bytes);
        var watch = Stopwatch.StartNew();
        Assert.Equal(Bytes, await SiteTraffic.DownloadAsync(site.Nodes[0].Namespace, server));
        watch.Stop();
        await serving;

        var floor = TimeSpan.FromSeconds(0.8 * Bytes * 8 / (WanMbit * 1_000_000.0));
        Assert.True(watch.Elapsed >= floor, $"{Bytes} bytes in {watch.Elapsed.TotalSeconds:0.000} s, floor {floor.TotalSeconds:0.000} s");
        Assert.True(await site.WanBytesAsync() - before >= Bytes);
    }

    [Fact]
    public async Task ShapeAsync_PerNodeUplink_DownloadTakesAtLeastItsTransferTime()
    {
        const int Bytes = 6 * 1024 * 1024;
        const int WanMbit = 40;
        var settings = new SiteSettings { Nodes = 2, WanMbit = WanMbit, Wan = WanMode.PerNode };
        await using var site = await EdgeSite.CreateAsync(settings, await RunDirectory.CreateAsync(default), default);
        await site.ShapeAsync();

        var (server, serving) = SiteTraffic.Serve(site.CloudNamespace, site.CloudAddress, Bytes);
        var watch = Stopwatch.StartNew();
        Assert.Equal(Bytes, await SiteTraffic.DownloadAsync(site.Nodes[1].Namespace, server));
        watch.Stop();
        await serving;

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.8 * Bytes * 8 / (WanMbit * 1_000_000.0)), $"took {watch.Elapsed.TotalSeconds:0.000} s");
    }

    [Fact]
    public async Task DisposeAsync_SiteWithProcesses_LeavesNothing()
    {
        var run = await RunDirectory.CreateAsync(default);
        var site = await EdgeSite.CreateAsync(new SiteSettings { Nodes = 2 }, run, default);
        foreach (var node in site.Nodes)
        {
            run.Start($"sleep-{node.Name}", "/bin/sleep", ["600"], node.Namespace);
        }

        await site.ShapeAsync();
        Assert.False(Leftovers.Scan().IsEmpty);

        await site.DisposeAsync();
        await site.DisposeAsync();

        var scan = Leftovers.Scan();
        Assert.True(scan.IsEmpty, $"left: {scan}");
    }

    [Fact]
    public async Task CreateAsync_RunAlreadyLive_FailsClearly()
    {
        await using var site = await EdgeSite.CreateAsync(new SiteSettings { Nodes = 1 }, await RunDirectory.CreateAsync(default), default);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunDirectory.CreateAsync(default));

        Assert.Contains("Another layercache-e2e run is live", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_LinkNameTaken_CleansWhatItMade()
    {
        var run = await RunDirectory.CreateAsync(default);
        try
        {
            // A stray link with the name of the second node's veth makes the build fail half-way.
            await HostCommand.IpAsync("link", "add", SiteNames.NodeLink(1), "type", "veth", "peer", "name", SiteNames.Prefix + "-stray");

            await Assert.ThrowsAsync<InvalidOperationException>(() => EdgeSite.CreateAsync(new SiteSettings { Nodes = 2 }, run, default));
        }
        finally
        {
            await run.DisposeAsync();
        }

        var scan = Leftovers.Scan();
        Assert.True(scan.IsEmpty, $"left: {scan}");
    }
}
