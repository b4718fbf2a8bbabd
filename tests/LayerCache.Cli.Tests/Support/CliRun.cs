using System.Diagnostics;
using System.Text.Json;

namespace LayerCache.Cli.Tests.Support;

/// <summary>One run of the layercache executable: its exit code and what it printed on each stream.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The built executable beside the tests (a framework-dependent layercache.dll).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "layercache.dll");

    /// <summary>Runs <c>layercache ARGS</c> with pipes for its streams; the environment's LAYERCACHE_ variables are only those given.</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return await RunAsync(start, environment);
    }

    /// <summary>
    /// Runs <c>layercache ARGS</c> under a pseudo-terminal, as a person at a terminal would (util-linux <c>script</c>):
    /// what it wrote to the terminal is <see cref="Output"/>, escape sequences and all.
    /// </summary>
    public static async Task<CliRun> RunInTerminalAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        // The terminal's size, as a person's would have: wide enough for a progress line.
        var command = "stty cols 160 rows 50; " + string.Join(' ', new[] { "dotnet", Dll }.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-q", "-f", "-e", "-c", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm-256color";
        return await RunAsync(start, environment);
    }

    public JsonDocument Json()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Error}");
        return JsonDocument.Parse(Output);
    }

    /// <summary>Asserts the run failed with <paramref name="exitCode"/> and one line on standard error that says <paramref name="mentions"/>.</summary>
    public void AssertOneLineError(int exitCode, params string[] mentions)
    {
        Assert.True(exitCode == ExitCode, $"exit {ExitCode}, not {exitCode}: {Error}{Output}");
        var line = Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("layercache: ", line, StringComparison.Ordinal);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, line, StringComparison.Ordinal);
        }

        Assert.Equal(string.Empty, Output);
    }

    private static async Task<CliRun> RunAsync(ProcessStartInfo start, IReadOnlyDictionary<string, string>? environment)
    {
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("LAYERCACHE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"layercache did not end within {Timeout.TotalSeconds} s: {await output}{await error}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
