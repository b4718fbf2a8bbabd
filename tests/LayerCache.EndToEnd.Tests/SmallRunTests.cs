using System.Diagnostics;
using System.Globalization;
using LayerCache.EndToEnd.Reporting;
using LayerCache.EndToEnd.Site;
using LayerCache.EndToEnd.Tests.Site;

namespace LayerCache.EndToEnd.Tests;

/// <summary>The main job, small: a real site of two nodes, three policies, every pod started, the report written, nothing left.</summary>
[Collection(EdgeSiteCollection.Name)]
public sealed class SmallRunTests
{
    [Fact]
    public async Task Run_TwoNodesThreePolicies_EveryPodStarts_ReportWritten_NothingLeft()
    {
        var output = Directory.CreateTempSubdirectory("layercache-e2e-test-").FullName;
        try
        {
            var csv = Path.Combine(output, "e2e.csv");
            var chart = Path.Combine(output, "e2e.svg");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                E2eExecutable.Path, "--nodes", "2", "--pods", "12", "--rate", "2", "--run-min", "1", "--run-max", "3",
                "--synthesize", "20", "--policies", "agnostic,layer,layercache", "--quiet", "--csv", csv, "--chart", chart,
                "--corpus", Path.Combine(E2eExecutable.RepositoryRoot, "benchmarks", "data", "dockerhub-official-2019.jsonl"),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var run = Process.Start(start)!;
            var stdout = run.StandardOutput.ReadToEndAsync();
            var stderr = run.StandardError.ReadToEndAsync();
            await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(15));

            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}:\n{await stderr}\n{await stdout}");
            var table = await stdout;
            Assert.Contains("layercache", table, StringComparison.Ordinal);
            var rows = File.ReadAllLines(csv);
            Assert.StartsWith(EndToEndCsv.Header, rows[0], StringComparison.Ordinal);
            Assert.Equal(["agnostic", "layer", "layercache"], rows.Skip(1).Select(r => r.Split(',')[0]));
            var header = rows[0].Split(',');
            foreach (var row in rows.Skip(1))
            {
                var cells = row.Split(',');
                double Seconds(string column) => double.Parse(cells[Array.IndexOf(header, column)], CultureInfo.InvariantCulture);
                var mean = double.Parse(cells[1], CultureInfo.InvariantCulture);
                var registryBytes = long.Parse(cells[5], CultureInfo.InvariantCulture);

                // Every policy starts on empty nodes, so its first pod pulls from the registry and takes time.
                Assert.True(mean > 0, $"{cells[0]}: mean {mean}");
                Assert.True(registryBytes > 0, $"{cells[0]}: the registry served nothing");

                // Those pulls fetched and unpacked layers, which the nodes' containerd logged; the parts make up the mean.
                Assert.True(Seconds("transfer_s") > 0 && Seconds("unpack_s") > 0, $"{cells[0]}: transfer {Seconds("transfer_s")} s, unpack {Seconds("unpack_s")} s");
                Assert.Equal(mean, Seconds("wait_s") + Seconds("transfer_s") + Seconds("unpack_s") + Seconds("start_s"), 9);
            }

            Assert.Contains("<svg", await File.ReadAllTextAsync(chart), StringComparison.Ordinal);
            var left = Leftovers.Scan();
            Assert.True(left.IsEmpty, $"left: {left}");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
