using System.CommandLine;
using System.Globalization;
using LayerCache.Cli.Output;
using Spectre.Console;

namespace LayerCache.Cli.Commands;

/// <summary><c>layercache node NAME</c>: what the node holds by keep value, and what its policy would evict first (GET /v1/nodes/NAME).</summary>
internal static class NodeCommand
{
    public static Command Create(GlobalOptions options)
    {
        var name = new Argument<string>("name") { Description = "The node's name, as `layercache status` lists it" };
        var command = new Command("node", "One node: its images and layers by keep value, what is in use, what its eviction policy would remove first");
        command.Arguments.Add(name);
        command.SetRun(options, async (parse, run, cancellationToken) =>
        {
            var node = parse.GetValue(name)!;
            using var client = run.Connect();
            using var answer = await client.GetAsync($"/v1/nodes/{Uri.EscapeDataString(node)}", NodeNames.NotFound(node), cancellationToken).ConfigureAwait(false);
            if (run.Json)
            {
                return Printer.Json(answer);
            }

            var root = answer.Root;
            var summary = root.Child("node");
            Printer.Line(string.Create(
                CultureInfo.InvariantCulture,
                $"[bold]{Markup.Escape(node)}[/]: {(summary.Flag("ready") ? "ready" : summary.Flag("stale") ? "[yellow]stale[/]" : "[yellow]not ready[/]")}, {Units.Bytes(summary.Long("usedBytes"))} of {Units.Bytes(summary.Long("capacityBytes"))} used, policy {Markup.Escape(summary.Text("evictionPolicy"))}"));
            var images = Printer.Table("IMAGE", "SIZE>", "LAYERS>", "IN USE", "USES>", "KEEP VALUE>");
            foreach (var image in root.Items("images"))
            {
                images.Row(
                    image.Text("reference"), Units.Bytes(image.Long("sizeBytes")), image.Long("layers").ToString(CultureInfo.InvariantCulture),
                    image.Flag("inUse") ? "yes" : "", image.Long("useCount").ToString(CultureInfo.InvariantCulture), Units.Number(image.Double("keepValue")));
            }

            Printer.Show(images);
            var layers = Printer.Table("LAYER", "SIZE>", "STATE", "IN USE", "IMAGES>", "KEEP VALUE>");
            foreach (var layer in root.Items("layers"))
            {
                layers.Row(
                    Short(layer.Text("digest")), Units.Bytes(layer.Long("sizeBytes")), layer.Text("state"), layer.Flag("inUse") ? "yes" : "",
                    layer.Long("images").ToString(CultureInfo.InvariantCulture), Units.Number(layer.Double("keepValue")));
            }

            Printer.Show(layers);
            EvictCommand.ShowPreview(root.Child("eviction"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A digest as people compare them: the algorithm and the first 12 hex digits.</summary>
    public static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
