using System.Text;
using System.Text.Json;

namespace LayerCache.LoadTest.Cost;

/// <summary>What <c>cost --json</c> prints, for a script to check: the settings and one row per node count and phase.</summary>
public sealed record CostSummary(CostSettings Settings, IReadOnlyList<PhaseCost> Rows)
{
    /// <summary>
    /// One object on one line: <c>window_seconds</c>, <c>settle_seconds</c>, <c>pull_every_seconds</c>,
    /// <c>burst_every_seconds</c> and <c>rows</c>, each with <c>nodes</c>, <c>phase</c> (rest, pull_storm, order_burst),
    /// <c>seconds</c>, the per-node rates and the load done against the load intended.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("window_seconds", Settings.Window.TotalSeconds);
            json.WriteNumber("settle_seconds", Settings.Settle.TotalSeconds);
            json.WriteNumber("pull_every_seconds", Settings.PullEvery.TotalSeconds);
            json.WriteNumber("burst_every_seconds", Settings.BurstEvery.TotalSeconds);
            json.WriteStartArray("rows");
            foreach (var row in Rows)
            {
                Write(json, row);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, PhaseCost row)
    {
        json.WriteStartObject();
        json.WriteNumber("nodes", row.Nodes);
        json.WriteString("phase", row.Phase switch { CostPhase.Rest => "rest", CostPhase.PullStorm => "pull_storm", _ => "order_burst" });
        json.WriteNumber("seconds", Math.Round(row.Seconds, 3));
        json.WriteNumber("redis_in_bytes_per_node_second", Math.Round(row.InputBytesPerNodeSecond, 2));
        json.WriteNumber("redis_out_bytes_per_node_second", Math.Round(row.OutputBytesPerNodeSecond, 2));
        json.WriteNumber("redis_commands_per_node_second", Math.Round(row.CommandsPerNodeSecond, 4));
        json.WriteNumber("coordinator_cpu_ms_per_node_second", Math.Round(row.CoordinatorCpuMsPerNodeSecond, 5));
        json.WriteNumber("redis_cpu_ms_per_node_second", Math.Round(row.RedisCpuMsPerNodeSecond, 5));
        json.WriteNumber("load_generator_cpu_seconds", Math.Round(row.LoadGeneratorCpuSeconds, 2));
        json.WriteNumber("achieved_share", Math.Round(row.AchievedShare, 3));
        json.WriteNumber("heartbeats", row.Done.Heartbeats);
        json.WriteNumber("polls", row.Done.Polls);
        json.WriteNumber("publishes", row.Done.Publishes);
        json.WriteNumber("pulls", row.Done.Pulls);
        json.WriteNumber("orders_appended", row.Done.OrdersAppended);
        json.WriteNumber("orders_completed", row.Done.OrdersCompleted);
        json.WriteNumber("progress_reports", row.Done.ProgressReports);
        json.WriteNumber("redis_failures", row.Done.Failures);
        json.WriteEndObject();
    }
}
