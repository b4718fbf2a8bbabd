using Xunit;

namespace LayerCache.Testing.Processes;

/// <summary>
/// The check every executable passes: <c>--help</c>, <c>-h</c> and <c>--version</c> print, exit 0, take well under a
/// second of CPU and open no port. CPU time rather than wall time, so the check holds on a busy shared machine; the wall
/// clock gets a generous ceiling.
/// </summary>
public static class StartsNothing
{
    /// <summary>The most CPU one of these may take: the issue's "within a second".</summary>
    public static readonly TimeSpan CpuCeiling = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan WallCeiling = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="command"/> (a binary, or <c>dotnet</c> and a dll) with <paramref name="arguments"/> and
    /// asserts it printed what matches <paramref name="pattern"/>, nothing on stderr, exit code 0, little CPU, no port.
    /// </summary>
    public static async Task<TracedExit> AssertPrintsAndExitsAsync(IReadOnlyList<string> command, string[] arguments, string pattern)
    {
        ArgumentNullException.ThrowIfNull(command);
        var exit = await TracedProcess.RunAsync(command[0], [.. command.Skip(1), .. arguments], WallCeiling);
        var what = $"{string.Join(' ', command)} {string.Join(' ', arguments)}";

        Assert.True(exit.ExitCode == 0, $"{what} exited {exit.ExitCode}: {exit.Error}");
        Assert.Matches(pattern, exit.Output);
        Assert.Equal("", exit.Error.Trim());
        Assert.True(exit.CpuTime < CpuCeiling, $"{what} took {exit.CpuTime.TotalSeconds:F2} s of CPU");
        Assert.True(exit.InetPortCalls.Count == 0, $"{what} opened a port: {string.Join(" | ", exit.InetPortCalls)}");
        return exit;
    }

    /// <summary><see cref="AssertPrintsAndExitsAsync"/> for --help, -h and --version of <paramref name="name"/>.</summary>
    public static async Task AssertHelpAndVersionAsync(IReadOnlyList<string> command, string name)
    {
        foreach (var help in (string[])["--help", "-h"])
        {
            var exit = await AssertPrintsAndExitsAsync(command, [help], $@"(?m)^Usage:\s*\n\s+{name} ");
            Assert.Contains("Exit codes:", exit.Output, StringComparison.Ordinal);
        }

        await AssertPrintsAndExitsAsync(command, ["--version"], $@"^{name} \d+\.\d+\.\d+");
    }
}
