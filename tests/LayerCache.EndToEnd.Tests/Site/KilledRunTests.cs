using System.Diagnostics;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Tests.Site;

[Collection(EdgeSiteCollection.Name)]
public sealed class KilledRunTests
{
    [Fact]
    public async Task Cleanup_AfterHarnessKilledWithSiteUp_LeavesNothing()
    {
        using var harness = StartDotnet("site-hold", "--nodes", "2");
        try
        {
            await WaitForLineAsync(harness, SiteCommand.ReadyLine, TimeSpan.FromSeconds(120));

            // As kill -9 would: the harness alone, its children stay.
            LibC.Kill(harness.Id, LibC.SigKill);
            await harness.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            var left = Leftovers.Scan();
            Assert.Contains("lce2e-n0", left.Namespaces);
            Assert.Contains("lce2e-cloud", left.Namespaces);
            Assert.NotEmpty(left.Processes);
            Assert.NotEmpty(left.RunDirectories);
        }
        finally
        {
            if (!harness.HasExited)
            {
                harness.Kill(entireProcessTree: true);
            }
        }

        await CleanupLeavesNothingAsync();
    }

    [Fact]
    public async Task Cleanup_AfterRunKilledWithPodsRunning_LeavesNothing()
    {
        // A small real run: two nodes with containerd, agents, Redis, the coordinator, the registry and running pods.
        using var harness = StartDotnet(
            "--nodes", "2", "--pods", "40", "--rate", "2", "--run-min", "60", "--run-max", "60", "--synthesize", "12",
            "--policies", "agnostic", "--corpus", Path.Combine(E2eExecutable.RepositoryRoot, "benchmarks", "data", "dockerhub-official-2019.jsonl"));
        try
        {
            await WaitForStartedPodsAsync(harness, atLeast: 2, TimeSpan.FromMinutes(8));

            LibC.Kill(harness.Id, LibC.SigKill);
            await harness.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            var left = Leftovers.Scan();
            Assert.Contains("lce2e-n1", left.Namespaces);
            Assert.Contains(left.Processes, pid => CommandName(pid).StartsWith("containerd", StringComparison.Ordinal));
            Assert.NotEmpty(left.Mounts);
        }
        finally
        {
            if (!harness.HasExited)
            {
                harness.Kill(entireProcessTree: true);
            }
        }

        await CleanupLeavesNothingAsync();
    }

    /// <summary>Runs <c>layercache-e2e --cleanup</c> and checks that it removed something and that nothing is left.</summary>
    private static async Task CleanupLeavesNothingAsync()
    {
        using var cleanup = StartDotnet("--cleanup");
        var line = await cleanup.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await cleanup.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(cleanup.ExitCode == 0, $"--cleanup exited with {cleanup.ExitCode}: {line}{await cleanup.StandardError.ReadToEndAsync()}");
        Assert.Contains("removed", line, StringComparison.Ordinal);
        var scan = Leftovers.Scan();
        Assert.True(scan.IsEmpty, $"left: {scan}");
    }

    private static string CommandName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task WaitForStartedPodsAsync(Process process, int atLeast, TimeSpan ceiling)
    {
        using var timeout = new CancellationTokenSource(ceiling);
        var seen = new System.Text.StringBuilder();
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            var match = System.Text.RegularExpressions.Regex.Match(line, @"(\d+)/\d+ pods started");
            if (match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= atLeast)
            {
                return;
            }
        }

        Assert.Fail($"The run ended before {atLeast} pods started:\n{seen}");
    }

    private static Process StartDotnet(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(E2eExecutable.Path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task WaitForLineAsync(Process process, string expected, TimeSpan ceiling)
    {
        using var timeout = new CancellationTokenSource(ceiling);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == expected)
            {
                return;
            }
        }

        Assert.Fail($"The harness exited before '{expected}': {await process.StandardError.ReadToEndAsync()}");
    }
}
