using LayerCache.Cli.Tests.Support;
using LayerCache.Testing.Registry;

namespace LayerCache.Cli.Tests;

/// <summary>What layercache says when it cannot do what was asked: one line naming the thing and what to do, and a documented exit code.</summary>
public sealed class ErrorsTests(CliCluster cluster) : IClassFixture<CliCluster>
{
    public static TheoryData<string[]> EveryCommand => new()
    {
        new[] { "status" },
        new[] { "node", "cli-a" },
        new[] { "hints", "busybox" },
        new[] { "orders" },
        new[] { "prefetch", "busybox", "--all" },
        new[] { "evict", "--node", "cli-a", "--dry-run" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task UnreachableCoordinator_NamesTheUrl(string[] args)
    {
        var nobody = $"http://127.0.0.1:{FreePort.Find()}/";

        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["LAYERCACHE_COORDINATOR"] = nobody }, args);

        run.AssertOneLineError(ExitCodes.Unreachable, $"cannot reach the coordinator at {nobody}", "--coordinator");
    }

    [Fact]
    public async Task CoordinatorOption_WinsOverTheEnvironment()
    {
        var nobody = $"http://127.0.0.1:{FreePort.Find()}/";

        var run = await CliRun.RunAsync(cluster.Environment, "status", "--coordinator", nobody);

        run.AssertOneLineError(ExitCodes.Unreachable, nobody);
    }

    [Theory]
    [InlineData("node", "nope")]
    [InlineData("evict", "--node", "nope", "--dry-run")]
    [InlineData("orders", "--nodes", "nope")]
    [InlineData("prefetch", "acme/shop:3", "--nodes", "nope")]
    public async Task UnknownNode_NamesItAndWhereTheNodesAreListed(params string[] args)
    {
        var run = await CliRun.RunAsync(cluster.Environment, args);

        run.AssertOneLineError(ExitCodes.NotFound, "no node 'nope'", "layercache status");
    }

    [Theory]
    [InlineData("Not An Image", "hints", "Not An Image")]
    [InlineData("UPPER/Case:1", "prefetch", "UPPER/Case:1", "--all")]
    [InlineData("acme/shop:", "hints", "busybox", "acme/shop:")]
    public async Task BadImageReference_NamesItAndTheForm_SendsNothing(string bad, params string[] args)
    {
        // The coordinator's address is one nobody answers: the reference is refused before anything is sent.
        var env = new Dictionary<string, string> { ["LAYERCACHE_COORDINATOR"] = $"http://127.0.0.1:{FreePort.Find()}" };

        var run = await CliRun.RunAsync(env, args);

        run.AssertOneLineError(ExitCodes.Usage, $"'{bad}'", "[registry/]repository[:tag]");
    }

    [Fact]
    public async Task ImageNoRegistryKnows_NotFoundNamingIt()
    {
        var run = await CliRun.RunAsync(cluster.Environment, "prefetch", "registry.invalid/acme/none:1", "--nodes", "cli-a");

        run.AssertOneLineError(ExitCodes.NotFound, "registry.invalid/acme/none:1");
    }

    [Fact]
    public async Task NoToken_SaysHowToPassOne()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["LAYERCACHE_COORDINATOR"] = cluster.Coordinator.Address.ToString() }, "status");

        run.AssertOneLineError(ExitCodes.Refused, "wants a bearer token", "--token-file");
    }

    [Fact]
    public async Task TokenFileOption_IsSent()
    {
        var run = await CliRun.RunAsync(
            new Dictionary<string, string> { ["LAYERCACHE_COORDINATOR"] = cluster.Coordinator.Address.ToString() }, "status", "--token-file", cluster.TokenFile, "-o", "json");

        using var json = run.Json();
        Assert.Equal(2, json.RootElement.GetProperty("nodes").GetArrayLength());
    }

    [Theory]
    [InlineData(ExitCodes.Usage, "evict only previews", "evict", "--node", "cli-a")]
    [InlineData(ExitCodes.Usage, "--nodes N1,N2, or every node with --all", "prefetch", "busybox")]
    [InlineData(ExitCodes.Usage, "not an http:// or https:// URL", "status", "--coordinator", "localhost:9470")]
    [InlineData(ExitCodes.Usage, "Unrecognized command or argument", "statuss")]
    public async Task BadCommandLine_Usage(int exitCode, string mentions, params string[] args)
    {
        var run = await CliRun.RunAsync(cluster.Environment, args);

        run.AssertOneLineError(exitCode, mentions);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("prefetch", "--help")]
    public async Task HelpAndVersion_ExitZeroWithoutTheCoordinator(params string[] args)
    {
        var env = new Dictionary<string, string> { ["LAYERCACHE_COORDINATOR"] = $"http://127.0.0.1:{FreePort.Find()}" };

        var run = await CliRun.RunAsync(env, args);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.NotEmpty(run.Output);
        Assert.Equal(string.Empty, run.Error);
    }
}
