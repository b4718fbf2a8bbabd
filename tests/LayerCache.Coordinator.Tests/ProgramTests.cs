using System.Diagnostics;

namespace LayerCache.Coordinator.Tests;

/// <summary>The coordinator process itself: a bad setting stops it with one line and exit code 2; help and version start nothing.</summary>
public sealed class ProgramTests
{
    [Theory]
    [InlineData("--help", @"(?m)^usage: layercache-coordinator \[--redis")]
    [InlineData("-h", @"(?m)^usage: layercache-coordinator \[--redis")]
    [InlineData("--version", @"^layercache-coordinator \d+\.\d+\.\d+")]
    public async Task HelpAndVersion_PrintAndExit0_WithoutRedisOrAPort(string argument, string pattern)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "layercache-coordinator.dll"), argument },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Matches(pattern, await stdout);
        Assert.Equal("", (await stderr).Trim());
    }

    [Theory]
    [InlineData("--Coordinator:MaxRequestBodyBytes=10", "Coordinator:MaxRequestBodyBytes must be 1024 to 67108864; got 10")]
    [InlineData("--Coordinator:GrpcPort=70000", "Coordinator:GrpcPort must be 0 to 65535 or unset; got 70000")]
    [InlineData("--Planner:Policy=Fifo", "Planner:Policy must be one of Lru, Lfu, Gdsf, ClusterAware (got 'Fifo')")]
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
