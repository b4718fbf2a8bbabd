using System.CommandLine;
using LayerCache.Cli.Output;

namespace LayerCache.Cli.Commands;

/// <summary><c>layercache status</c>: every node's readiness, cache use against its budget, and last report (GET /v1/nodes).</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("status", "Every node: ready, stale, cache used of its budget, layers, bandwidth, last heartbeat");
        command.SetRun(options, async (_, run, cancellationToken) =>
        {
            using var client = run.Connect();
            using var answer = await client.GetAsync("/v1/nodes", e => e, cancellationToken).ConfigureAwait(false);
            if (run.Json)
            {
                return Printer.Json(answer);
            }

            var table = Printer.Table("NODE", "READY", "CACHE USED>", "LAYERS>", "IMAGES>", "LINK>", "SEEN>", "SEQ>", "POLICY");
            foreach (var node in answer.Root.Items("nodes"))
            {
                table.Row(
                    node.Text("node"),
                    node.Flag("ready") ? "yes" : node.Flag("stale") ? "stale" : "no",
                    $"{Units.Bytes(node.Long("usedBytes"))} of {Units.Bytes(node.Long("capacityBytes"))} ({Units.Percent(node.Long("usedBytes"), node.Long("capacityBytes"))})",
                    node.Long("layers").ToString(System.Globalization.CultureInfo.InvariantCulture),
                    node.Long("images").ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Units.Rate(node.Double("bandwidthBytesPerSecond")),
                    node.MaybeDouble("heartbeatAgeSeconds") is { } age ? Units.Seconds(age) + " ago" : "never",
                    $"{node.Long("inventorySequence")}/{node.Long("reportedSequence")}",
                    node.Text("evictionPolicy"));
            }

            Printer.Show(table);
            var root = answer.Root;
            Printer.Line(root.Flag("stale")
                ? $"[yellow]The coordinator's view is stale:[/] {Spectre.Console.Markup.Escape(root.Text("staleReason"))}"
                : $"{root.Items("nodes").Count()} nodes; view synced {Spectre.Console.Markup.Escape(root.Text("lastSynced"))}");
            return ExitCodes.Success;
        });
        return command;
    }
}
