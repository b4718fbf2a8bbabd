using System.CommandLine;
using System.Text.Json;
using LayerCache.Cli.Output;
using Spectre.Console;

namespace LayerCache.Cli.Commands;

/// <summary>
/// <c>layercache evict --node NAME --dry-run</c>: what the node's eviction policy would remove (GET /v1/nodes/NAME).
/// Only the preview exists: a node evicts by its own policy, and the planner orders evictions.
/// </summary>
internal static class EvictCommand
{
    public static Command Create(GlobalOptions options)
    {
        var node = new Option<string>("--node") { Description = "The node whose policy to ask", Required = true, HelpName = "NAME" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be evicted, remove nothing (required: the agent evicts by its own policy)" };
        var command = new Command("evict", "What a node's eviction policy would remove now, and next, without removing anything");
        command.Options.Add(node);
        command.Options.Add(dryRun);
        command.SetRun(options, async (parse, run, cancellationToken) =>
        {
            if (!parse.GetValue(dryRun))
            {
                throw new CliError(ExitCodes.Usage, "evict only previews: add --dry-run (each node evicts by its own policy when it passes its high watermark)");
            }

            var name = parse.GetValue(node)!;
            using var client = run.Connect();
            using var answer = await client.GetAsync($"/v1/nodes/{Uri.EscapeDataString(name)}", NodeNames.NotFound(name), cancellationToken).ConfigureAwait(false);
            var eviction = answer.Root.Child("eviction");
            if (run.Json)
            {
                Console.Out.WriteLine(eviction.GetRawText());
                return ExitCodes.Success;
            }

            ShowPreview(eviction);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The policy's verdict: what goes now (over the high watermark) and the order of what would go next.</summary>
    public static void ShowPreview(JsonElement eviction)
    {
        var over = eviction.Flag("overHighWatermark");
        Printer.Line(over
            ? $"Over its high watermark ({Units.Bytes(eviction.Long("usedBytes"))} used of {Units.Bytes(eviction.Long("highWatermarkBytes"))}): policy {Markup.Escape(eviction.Text("policy"))} evicts down to {Units.Bytes(eviction.Long("lowWatermarkBytes"))}:"
            : $"Under its high watermark ({Units.Bytes(eviction.Long("usedBytes"))} used of {Units.Bytes(eviction.Long("highWatermarkBytes"))}): nothing goes now. Policy {Markup.Escape(eviction.Text("policy"))} would evict in this order:");
        var table = Printer.Table("#>", "KIND", "NAME", "FREES>", "FREED SO FAR>", "KEEP VALUE>");
        foreach (var victim in eviction.Items(over ? "now" : "first"))
        {
            table.Row(
                victim.Long("rank").ToString(System.Globalization.CultureInfo.InvariantCulture), victim.Text("kind"),
                victim.Text("kind") == "layer" ? NodeCommand.Short(victim.Text("name")) : victim.Text("name"),
                Units.Bytes(victim.Long("freedBytes")), Units.Bytes(victim.Long("freedBytesSoFar")), Units.Number(victim.Double("keepValue")));
        }

        Printer.Show(table);
    }
}
