using System.Diagnostics;
using LayerCache.Testing.Logging;
using LayerCache.Testing.Processes;
using LayerCache.Testing.Waiting;

namespace LayerCache.Coordinator.Tests;

/// <summary>The coordinator process itself: a bad setting or argument stops it with one line and exit code 2; help and version start nothing; JSON logs on request.</summary>
public sealed class ProgramTests
{
    private static readonly string[] Coordinator = ["dotnet", Path.Combine(AppContext.BaseDirectory, "layercache-coordinator.dll")];

    [Fact]
    public Task HelpAndVersion_PrintAndExit0_InLittleCpuWithoutRedisOrAPort() => StartsNothing.AssertHelpAndVersionAsync(Coordinator, "layercache-coordinator");

    [Fact]
    public async Task Help_ListsTheOptionsAndTheExitCodes()
    {
        var exit = await StartsNothing.AssertPrintsAndExitsAsync(Coordinator, ["--help"], "--redis <HOST:PORT>");

        Assert.Contains("--urls <URLS>", exit.Output, StringComparison.Ordinal);
        Assert.Contains("Logging:Format=json", exit.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+2\s+bad usage or settings", exit.Output);
    }

    [Fact]
    public async Task Running_TheTraceSeesItsPorts()
    {
        // The check that help opens no port can fail: the same trace of the coordinator running shows its listeners.
        using var running = TracedProcess.Start(Coordinator[0], [Coordinator[1], "--urls", "http://127.0.0.1:0", "--redis", "127.0.0.1:1", "--Coordinator:GrpcPort=0"]);
        await Until.HoldsAsync(() => running.Output.Contains("Now listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the coordinator listening");

        var exit = await running.KillAsync();

        Assert.Contains(exit.InetPortCalls, call => call.Contains("listen(", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonLogs_EveryLineIsOneJsonEvent()
    {
        using var running = TracedProcess.Start(Coordinator[0], [Coordinator[1], "--urls", "http://127.0.0.1:0", "--redis", "127.0.0.1:1", "--Coordinator:GrpcPort=0", "--Logging:Format=json"]);
        await Until.HoldsAsync(() => running.Output.Contains("Lost Redis", StringComparison.Ordinal) && running.Output.Contains("Now listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the coordinator listening and warning of Redis");

        var exit = await running.KillAsync();

        var messages = JsonLogLines.AssertEachIsAnEvent(exit.Output);
        Assert.Contains(messages, m => m.StartsWith("Lost Redis", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Now listening on", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--Logging:Format=xml", "invalid settings: Logging:Format must be text or json; got 'xml'")]
    [InlineData("--redis", "Required argument missing for option: '--redis' (see --help)")]
    [InlineData("serve", "unknown argument 'serve': settings read --Section:Setting=VALUE (see --help)")]
    public async Task BadCommandLine_OneLineAndExit2(string argument, string message)
    {
        var exit = await TracedProcess.RunAsync(Coordinator[0], [Coordinator[1], "--urls", "http://127.0.0.1:0", argument], TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit.ExitCode);
        Assert.Equal($"layercache-coordinator: {message}", exit.Error.Trim());
        Assert.Empty(exit.InetPortCalls);
    }

    [Theory]
    [InlineData("--Coordinator:MaxRequestBodyBytes=10", "Coordinator:MaxRequestBodyBytes must be 1024 to 67108864; got 10")]
    [InlineData("--Coordinator:GrpcPort=70000", "Coordinator:GrpcPort must be 0 to 65535 or unset; got 70000")]
    [InlineData("--Planner:Policy=Fifo", "Planner:Policy must be one of Lru, Lfu, Gdsf, ClusterAware (got 'Fifo')")]
    [InlineData("--Planner:UnpackedToCompressedRatio=-1", "Planner:UnpackedToCompressedRatio must be a number >= 0 (got -1)")]
    [InlineData("--Store:PollInterval=00:00:00", "Store:PollInterval must be positive (got 00:00:00)")]
    [InlineData("--Redis:Configuration=abortConnect=false", "Redis:Configuration must be a Redis configuration string (host:port[,option=value...]); got 'abortConnect=false'")]
    public async Task BadSetting_OneLineAndExit2(string setting, string message)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "layercache-coordinator.dll"), "--urls", "http://127.0.0.1:0", "--redis", "127.0.0.1:1", setting },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal($"layercache-coordinator: invalid settings: {message}", (await stderr).Trim());
    }
}
