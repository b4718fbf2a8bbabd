using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using LayerCache.Cli.Output;
using Spectre.Console;

namespace LayerCache.Cli.Commands;

/// <summary>
/// <c>layercache prefetch IMAGE... --nodes N1,N2 | --all [--wait]</c>: the coordinator's planner orders the layers each
/// node lacks (POST /v1/prefetch); with <c>--wait</c>, a live display per node follows the orders to their end.
/// </summary>
internal static class PrefetchCommand
{
    public static Command Create(GlobalOptions options)
    {
        var images = ImageArguments.Create("The images whose layers to bring onto the nodes");
        var nodes = ImageArguments.Nodes("The nodes to prefetch onto");
        var all = new Option<bool>("--all") { Description = "Prefetch onto every node" };
        var wait = new Option<bool>("--wait") { Description = "Follow the orders until every node's completes or fails: bytes, rate, ETA per node" };
        var timeout = new Option<int>("--timeout") { Description = "With --wait: give up after this many seconds (exit 1)", DefaultValueFactory = _ => 600, HelpName = "SECONDS" };
        var command = new Command("prefetch", "Have the planner order the layers of these images onto nodes that lack them");
        command.Arguments.Add(images);
        command.Options.Add(nodes);
        command.Options.Add(all);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(nodes) is { Length: > 0 }) == result.GetValue(all))
            {
                result.AddError("name the nodes with --nodes N1,N2, or every node with --all (one of the two)");
            }
        });
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--timeout must be a positive number of seconds");
            }
        });
        command.SetRun(options, async (parse, run, cancellationToken) =>
        {
            var body = Body(ImageArguments.Read(parse, images), parse.GetValue(nodes) ?? [], parse.GetValue(all));
            var named = parse.GetValue(nodes) ?? [];
            using var client = run.Connect();
            using var answer = await client.PostAsync("/v1/prefetch", body, NotFound(named), cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(wait))
            {
                return run.Json ? Printer.Json(answer) : Issued(answer.Root);
            }

            var watch = new PrefetchWatch(client, TimeSpan.FromSeconds(parse.GetValue(timeout)));
            return run.Json
                ? await watch.QuietAsync(answer.Root, cancellationToken).ConfigureAwait(false)
                : await watch.LiveAsync(answer.Root, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Func<string, string> NotFound(string[] named) => error =>
        error.StartsWith("no node", StringComparison.Ordinal) && named.FirstOrDefault(n => error.Contains($"'{n}'", StringComparison.Ordinal)) is { } node
            ? NodeNames.NotFound(node)(error)
            : error;

    private static int Issued(JsonElement result)
    {
        var table = Printer.Table("NODE", "IMAGE", "LAYERS>", "BYTES>", "ORDER");
        foreach (var order in result.Items("orders"))
        {
            table.Row(order.Text("node"), order.Text("image"), order.Items("layers").Count().ToString(System.Globalization.CultureInfo.InvariantCulture), Units.Bytes(order.Long("bytes")), order.Text("id"));
        }

        Printer.Show(table);
        ShowSkipped(result);
        return ExitCodes.Success;
    }

    /// <summary>A line per node and image that needed no order.</summary>
    public static void ShowSkipped(JsonElement result)
    {
        foreach (var skip in result.Items("skipped"))
        {
            Printer.Line($"{Markup.Escape(skip.Text("node"))}: nothing to fetch for {Markup.Escape(skip.Text("image"))} ({Markup.Escape(skip.Text("reason"))})");
        }
    }

    private static string Body(string[] images, string[] nodes, bool all)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("images");
            foreach (var image in images)
            {
                json.WriteStringValue(image);
            }

            json.WriteEndArray();
            if (all)
            {
                json.WriteBoolean("all", true);
            }
            else
            {
                json.WriteStartArray("nodes");
                foreach (var node in nodes)
                {
                    json.WriteStringValue(node);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
