using LayerCache.Agent.Tests.Support;
using LayerCache.Testing.Logging;
using LayerCache.Testing.Processes;
using LayerCache.Testing.Waiting;

namespace LayerCache.Agent.Tests;

/// <summary>The shipped binary's command line: help and version start nothing, a bad argument is one line and exit code 2, JSON logs on request.</summary>
public sealed class ProgramTests
{
    [Fact]
    public async Task HelpAndVersion_PrintAndExit0_InLittleCpuWithoutAPort()
    {
        var agent = await NativeAgent.EnsurePublishedAsync();

        await StartsNothing.AssertHelpAndVersionAsync([agent], "layercache-agent");
    }

    [Theory]
    [InlineData("inventory", "--socket <PATH>\\s+containerd's socket \\[default: /run/containerd/containerd.sock\\]")]
    [InlineData("prefetch", "--image <REF> \\(REQUIRED\\)")]
    public async Task CommandHelp_ShowsItsOptionsAndDefaults(string command, string pattern)
    {
        var agent = await NativeAgent.EnsurePublishedAsync();

        var exit = await StartsNothing.AssertPrintsAndExitsAsync([agent], [command, "--help"], pattern);

        Assert.Contains("--namespace <NS>", exit.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", exit.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inventroy", "layercache-agent: unknown argument 'inventroy': settings read --Section:Setting=VALUE (see --help)")]
    [InlineData("prefetch --layers-only", "layercache-agent: Option '--image' is required (see --help)")]
    [InlineData("--Logging:Format=yaml --Agent:CacheBudgetBytes=1000000", "layercache-agent: invalid settings: Logging:Format must be text or json; got 'yaml'")]
    public async Task BadCommandLine_OneLineAndExit2_WithoutAPort(string arguments, string message)
    {
        var agent = await NativeAgent.EnsurePublishedAsync();

        var exit = await TracedProcess.RunAsync(agent, arguments.Split(' '), TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit.ExitCode);
        Assert.Equal(message, exit.Error.Trim());
        Assert.Empty(exit.InetPortCalls);
    }

    [Fact]
    public async Task JsonLogs_EveryLineIsOneJsonEvent_AndAMissingSocketIsNamed()
    {
        var agent = await NativeAgent.EnsurePublishedAsync();
        const string socket = "/nonexistent/containerd.sock";
        using var running = TracedProcess.Start(agent, ["--urls", "http://127.0.0.1:0", "--Agent:CacheBudgetBytes=100000000", $"--Agent:ContainerdSocket={socket}", "--Logging:Format=json"]);
        await Until.HoldsAsync(() => running.Output.Contains($"containerd is unreachable at {socket}", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the agent warning that containerd is unreachable");

        var exit = await running.KillAsync();

        var messages = JsonLogLines.AssertEachIsAnEvent(exit.Output);
        Assert.Contains(messages, m => m.StartsWith($"containerd is unreachable at {socket} (", StringComparison.Ordinal));

        // The same trace that finds no port behind --help finds the agent's own.
        Assert.Contains(exit.InetPortCalls, call => call.Contains("listen(", StringComparison.Ordinal));
    }
}
