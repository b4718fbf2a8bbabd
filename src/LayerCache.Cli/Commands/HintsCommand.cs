using System.CommandLine;
using System.Globalization;
using LayerCache.Cli.Output;
using Spectre.Console;

namespace LayerCache.Cli.Commands;

/// <summary><c>layercache hints IMAGE...</c>: how each node scores for a pod of these images, and why (GET /v1/hints?explain=true).</summary>
internal static class HintsCommand
{
    public static Command Create(GlobalOptions options)
    {
        var images = ImageArguments.Create("The pod's images");
        var nodes = ImageArguments.Nodes("Only these nodes (default: every node)");
        var command = new Command("hints", "Per node, for a pod of these images: bytes present and missing, estimated pull seconds, the score and how it was made");
        command.Arguments.Add(images);
        command.Options.Add(nodes);
        command.SetRun(options, async (parse, run, cancellationToken) =>
        {
            var query = string.Join('&', ImageArguments.Read(parse, images).Select(i => "image=" + Uri.EscapeDataString(i))
                .Concat((parse.GetValue(nodes) ?? []).Select(n => "node=" + Uri.EscapeDataString(n))));
            using var client = run.Connect();
            using var answer = await client.GetAsync($"/v1/hints?{query}&explain=true", e => e, cancellationToken).ConfigureAwait(false);
            if (run.Json)
            {
                return Printer.Json(answer);
            }

            var root = answer.Root;
            foreach (var image in root.Items("images").Where(i => !i.Flag("resolved")))
            {
                Printer.Line($"[yellow]{Markup.Escape(image.Text("reference"))} is not resolved yet:[/] every node scores the neutral 0 until the coordinator has its layers");
            }

            var table = Printer.Table("NODE", "SCORE>", "PULL>", "PRESENT>", "MISSING>", "LAYERS>", "LINK>");
            foreach (var node in root.Items("nodes"))
            {
                table.Row(
                    node.Text("node") + (node.Flag("known") ? "" : " (unknown)"),
                    node.Long("score").ToString(CultureInfo.InvariantCulture),
                    Units.Seconds(node.Double("estimatedPullSeconds")),
                    Units.Bytes(node.Long("presentBytes")),
                    Units.Bytes(node.Long("missingBytes")),
                    $"{node.Long("presentLayers")}/{node.Long("presentLayers") + node.Long("missingLayers")}",
                    Units.Rate(node.Double("linkBytesPerSecond")));
            }

            Printer.Show(table);
            foreach (var node in root.Items("nodes"))
            {
                Printer.Line($"[bold]{Markup.Escape(node.Text("node"))}[/]: {Markup.Escape(node.Text("how"))}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
