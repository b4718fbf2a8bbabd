using System.CommandLine;
using System.Globalization;
using LayerCache.Cli.Output;
using Spectre.Console;

namespace LayerCache.Cli.Commands;

/// <summary><c>layercache orders</c>: what the planner (and operators) ordered, to whom, why, and how it ended (GET /v1/orders).</summary>
internal static class OrdersCommand
{
    public static Command Create(GlobalOptions options)
    {
        var nodes = ImageArguments.Nodes("Only the orders of these nodes");
        var limit = new Option<int>("--limit") { Description = "At most this many orders, newest first (1 to 1000)", DefaultValueFactory = _ => 50 };
        var command = new Command("orders", "The newest prefetch and evict orders: node, kind, why, progress and outcome");
        command.Options.Add(nodes);
        command.Options.Add(limit);
        command.SetRun(options, async (parse, run, cancellationToken) =>
        {
            var named = parse.GetValue(nodes) ?? [];
            var query = string.Join('&', named.Select(n => "node=" + Uri.EscapeDataString(n)).Append(string.Create(CultureInfo.InvariantCulture, $"limit={parse.GetValue(limit)}")));
            using var client = run.Connect();
            using var answer = await client.GetAsync($"/v1/orders?{query}", e => named.Length == 1 ? NodeNames.NotFound(named[0])(e) : e, cancellationToken).ConfigureAwait(false);
            if (run.Json)
            {
                return Printer.Json(answer);
            }

            var root = answer.Root;
            if (root.Text("error") is { Length: > 0 } error)
            {
                Printer.Line($"[yellow]No orders could be read:[/] {Markup.Escape(error)}");
            }

            if (!root.Items("orders").Any())
            {
                Printer.Line("No orders.");
                return ExitCodes.Success;
            }

            var table = Printer.Table("ISSUED", "NODE", "KIND", "WHAT", "BYTES>", "STATUS", "WHY");
            foreach (var order in root.Items("orders"))
            {
                var outcome = order.Child("outcome");
                var status = order.Text("status") switch
                {
                    "pending" => Units.Percent(order.Long("presentBytes"), order.Long("bytes")) is var p && p != "-" ? $"pending ({p} present)" : "pending",
                    "failed" => "failed: " + outcome.Text("error"),
                    var s => string.Create(CultureInfo.InvariantCulture, $"{s} in {Units.Seconds(outcome.Double("seconds"))}"),
                };
                table.Row(
                    order.Text("issuedAt"), order.Text("node"), order.Text("kind"), What(order), Units.Bytes(order.Long("bytes")), status, order.Text("reason"));
            }

            Printer.Show(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string What(System.Text.Json.JsonElement order) => order.Text("kind") switch
    {
        "Evict" => string.Join(", ", order.Items("evictImages").Select(i => i.GetString()).Concat(order.Items("evictBlobs").Select(b => NodeCommand.Short(b.GetString() ?? "")))),
        "PrefetchLayers" => $"{order.Items("layers").Count()} layers of {order.Text("image")}",
        _ => order.Text("image"),
    };
}
