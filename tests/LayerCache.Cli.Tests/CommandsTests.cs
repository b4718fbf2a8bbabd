using LayerCache.Cli.Tests.Support;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Cli.Tests;

/// <summary>Each layercache command against a real coordinator on real Redis: the JSON it prints for scripts, and its tables.</summary>
public sealed class CommandsTests(CliCluster cluster) : IClassFixture<CliCluster>
{
    [Fact]
    public async Task Status_Json_EveryNodeWithBudgetUseAndState()
    {
        var run = await CliRun.RunAsync(cluster.Environment, "status", "--output", "json");

        using var json = run.Json();
        Assert.False(json.RootElement.GetProperty("stale").GetBoolean());
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
        Assert.Equal(["cli-a", "cli-b"], nodes.Keys);
        Assert.True(nodes["cli-a"].GetProperty("ready").GetBoolean());
        Assert.Equal(24 * MB, nodes["cli-a"].GetProperty("usedBytes").GetInt64());
        Assert.Equal(20 * MB, nodes["cli-b"].GetProperty("usedBytes").GetInt64());
        Assert.Equal(50e6, nodes["cli-b"].GetProperty("bandwidthBytesPerSecond").GetDouble());
        Assert.True(nodes["cli-a"].GetProperty("inventorySequence").GetInt64() >= 1);
        Assert.Equal("Lru", nodes["cli-a"].GetProperty("evictionPolicy").GetString());
    }

    [Fact]
    public async Task Node_Json_ItsImagesLayersAndEvictionOrder()
    {
        var run = await CliRun.RunAsync(cluster.Environment, "node", "cli-a", "-o", "json");

        using var json = run.Json();
        var root = json.RootElement;
        Assert.Equal("cli-a", root.GetProperty("node").GetProperty("node").GetString());
        Assert.Equal(CliCluster.Shop.Reference, Assert.Single(root.GetProperty("images").EnumerateArray()).GetProperty("reference").GetString());
        Assert.Equal(2, root.GetProperty("layers").GetArrayLength());
        Assert.Equal("lru", root.GetProperty("eviction").GetProperty("policy").GetString());
        Assert.Equal(24 * MB, Assert.Single(root.GetProperty("eviction").GetProperty("first").EnumerateArray()).GetProperty("freedBytes").GetInt64());
    }

    [Fact]
    public async Task Hints_Json_PerNodeWithHowTheScoreWasMade()
    {
        var run = await CliRun.RunAsync(cluster.Environment, "hints", "acme/shop:3", "-o", "json");

        using var json = run.Json();
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["cli-a", "cli-b"], nodes.Select(n => n.GetProperty("node").GetString()));
        Assert.Equal(10, nodes[0].GetProperty("score").GetInt32());
        Assert.Equal(0, nodes[0].GetProperty("missingBytes").GetInt64());
        Assert.Equal(20 * MB, nodes[1].GetProperty("presentBytes").GetInt64());
        Assert.Equal(1, nodes[1].GetProperty("missingLayers").GetInt32());
        Assert.Contains("score", nodes[1].GetProperty("how").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evict_DryRun_Json_WhatThePolicyWouldRemove()
    {
        var run = await CliRun.RunAsync(cluster.Environment, "evict", "--node", "cli-b", "--dry-run", "-o", "json");

        using var json = run.Json();
        Assert.Equal("lru", json.RootElement.GetProperty("policy").GetString());
        Assert.False(json.RootElement.GetProperty("overHighWatermark").GetBoolean());
        Assert.Empty(json.RootElement.GetProperty("now").EnumerateArray());
        Assert.Equal("docker.io/acme/base:1", Assert.Single(json.RootElement.GetProperty("first").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Prefetch_Json_OrdersTheMissingLayer_OrdersListsItWithWhy()
    {
        var prefetch = await CliRun.RunAsync(cluster.Environment, "prefetch", "acme/shop:3", "--all", "-o", "json");

        using var issued = prefetch.Json();
        var order = Assert.Single(issued.RootElement.GetProperty("orders").EnumerateArray());
        Assert.Equal("cli-b", order.GetProperty("node").GetString());
        Assert.Equal(4 * MB, order.GetProperty("bytes").GetInt64());
        Assert.Equal("cli-a", Assert.Single(issued.RootElement.GetProperty("skipped").EnumerateArray()).GetProperty("node").GetString());

        var orders = await CliRun.RunAsync(cluster.Environment, "orders", "--nodes", "cli-b", "-o", "json");

        using var listed = orders.Json();
        var shown = listed.RootElement.GetProperty("orders").EnumerateArray().Single(o => o.GetProperty("id").GetString() == order.GetProperty("id").GetString());
        Assert.Equal("PrefetchLayers", shown.GetProperty("kind").GetString());
        Assert.Equal("pending", shown.GetProperty("status").GetString());
        Assert.Contains("operator", shown.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cli-b", "status")]
    [InlineData("docker.io/acme/shop:3", "node", "cli-a")]
    [InlineData("cli-b: 1 of 2 layers", "hints", "acme/shop:3", "--nodes", "cli-a,cli-b")]
    [InlineData("docker.io/acme/shop:3", "evict", "--node", "cli-a", "--dry-run")]
    public async Task Tables_ForPeople(string mentions, params string[] args)
    {
        var run = await CliRun.RunAsync(cluster.Environment, args);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains(mentions, run.Output, StringComparison.Ordinal);
        Assert.False(run.Output.TrimStart().StartsWith('{'), "a table, not JSON");
    }

    [Fact]
    public async Task Orders_Table_ShowsWhatWasOrderedAndWhy()
    {
        Assert.Equal(0, (await CliRun.RunAsync(cluster.Environment, "prefetch", "acme/shop:3", "--nodes", "cli-b")).ExitCode);

        var run = await CliRun.RunAsync(cluster.Environment, "orders", "--nodes", "cli-b");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("PrefetchLayers", run.Output, StringComparison.Ordinal);
        Assert.Contains("operator", run.Output, StringComparison.Ordinal);
    }
}
