using System.Diagnostics;

namespace LayerCache.Agent.Tests.Support;

/// <summary>
/// The agent as it ships: the Native AOT binary that <c>dotnet publish src/LayerCache.Agent -c Release -r linux-x64</c>
/// makes. tests/run.sh publishes it before the tests; when it is missing or older than the build under test, the
/// first test to ask publishes it (a few minutes).
/// </summary>
public static class NativeAgent
{
    private static readonly SemaphoreSlim Publishing = new(1, 1);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string BinaryPath { get; } =
        Path.Combine(RepositoryRoot, "src", "LayerCache.Agent", "bin", "Release", "net10.0", "linux-x64", "publish", "layercache-agent");

    /// <summary>The binary's path, publishing it first when it is missing or older than the agent assembly the tests load.</summary>
    public static async Task<string> EnsurePublishedAsync()
    {
        await Publishing.WaitAsync();
        try
        {
            var built = File.GetLastWriteTimeUtc(typeof(AgentOptions).Assembly.Location);
            if (!File.Exists(BinaryPath) || File.GetLastWriteTimeUtc(BinaryPath) < built)
            {
                var (code, output) = await RunAsync("dotnet", ["publish", "src/LayerCache.Agent", "-c", "Release", "-r", "linux-x64", "-nologo", "-v", "quiet"], RepositoryRoot, TimeSpan.FromMinutes(10));
                Assert.True(code == 0, $"dotnet publish of the agent failed:\n{output}");
            }

            return BinaryPath;
        }
        finally
        {
            Publishing.Release();
        }
    }

    /// <summary>Runs a command to its end; returns its exit code and its stdout and stderr together.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LayerCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LayerCache.sln above {AppContext.BaseDirectory}.");
    }
}
