using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LayerCache.Cli.Coordinator;
using LayerCache.Cli.Output;
using Spectre.Console;

namespace LayerCache.Cli.Commands;

/// <summary>
/// Follows issued prefetch orders through <c>GET /v1/orders?id=...</c> until each has an outcome: live, one progress
/// line per node and image (bytes present of the order's, rate, time left), or quietly for <c>--output json</c>.
/// </summary>
internal sealed class PrefetchWatch(CoordinatorClient client, TimeSpan timeout)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Prints the orders as <c>GET /v1/orders</c> shows them once all have ended; exit 1 if any failed or time ran out.</summary>
    public async Task<int> QuietAsync(JsonElement issued, CancellationToken cancellationToken)
    {
        var ids = Ids(issued);
        var started = Stopwatch.StartNew();
        while (true)
        {
            using var answer = await PollAsync(ids, cancellationToken).ConfigureAwait(false);
            var orders = answer.Root.Items("orders").ToList();
            var ended = orders.Count(o => o.Text("status") != "pending");
            if (ended == ids.Count || started.Elapsed > timeout)
            {
                Printer.Json(answer);
                return ended == ids.Count && orders.All(o => o.Text("status") == "succeeded") ? ExitCodes.Success : ExitCodes.Failed;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A progress line per order until all have ended, then one summary line each; exit 1 if any failed or time ran out.</summary>
    public async Task<int> LiveAsync(JsonElement issued, CancellationToken cancellationToken)
    {
        var ids = Ids(issued);
        PrefetchCommand.ShowSkipped(issued);

        if (ids.Count == 0)
        {
            return ExitCodes.Success;
        }

        var final = new Dictionary<string, (string Line, bool Succeeded)>(StringComparer.Ordinal);
        var started = Stopwatch.StartNew();
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = issued.Items("orders").ToDictionary(
                    o => o.Text("id"),
                    o => context.AddTask(Markup.Escape($"{o.Text("node")}  {o.Text("image")}"), maxValue: Math.Max(o.Long("bytes"), 1)),
                    StringComparer.Ordinal);
                while (final.Count < ids.Count && started.Elapsed <= timeout)
                {
                    using var answer = await PollAsync(ids, cancellationToken).ConfigureAwait(false);
                    foreach (var order in answer.Root.Items("orders"))
                    {
                        Update(order, tasks[order.Text("id")], final);
                    }

                    if (final.Count < ids.Count)
                    {
                        await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    }
                }
            }).ConfigureAwait(false);

        foreach (var (_, (line, succeeded)) in final.OrderBy(f => f.Value.Line, StringComparer.Ordinal))
        {
            Printer.Line(succeeded ? line : $"[red]{line}[/]");
        }

        if (final.Count < ids.Count)
        {
            throw new CliError(ExitCodes.Failed, $"{ids.Count - final.Count} of {ids.Count} orders had not ended after {timeout.TotalSeconds:0} s: `layercache orders` shows them");
        }

        return final.Values.All(f => f.Succeeded) ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static void Update(JsonElement order, ProgressTask task, Dictionary<string, (string Line, bool Succeeded)> final)
    {
        var id = order.Text("id");
        var status = order.Text("status");
        if (final.ContainsKey(id))
        {
            return;
        }

        if (status == "pending")
        {
            task.Value = Math.Max(task.Value, Math.Min(order.Long("presentBytes"), task.MaxValue));
            return;
        }

        var outcome = order.Child("outcome");
        var who = $"{order.Text("node")}: {order.Text("image")}";
        if (status == "succeeded")
        {
            task.Value = task.MaxValue;
            final[id] = (Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"{who} complete, {Units.Bytes(outcome.Long("bytes"))} fetched in {Units.Seconds(outcome.Double("seconds"))}")), true);
        }
        else
        {
            task.Description = Markup.Escape($"{order.Text("node")}  {order.Text("image")}  failed");
            final[id] = (Markup.Escape($"{who} failed: {outcome.Text("error")}"), false);
        }

        task.StopTask();
    }

    private Task<ApiAnswer> PollAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        client.GetAsync($"/v1/orders?limit=1000&{string.Join('&', ids.Select(i => "id=" + Uri.EscapeDataString(i)))}", e => e, cancellationToken);

    private static List<string> Ids(JsonElement issued) => [.. issued.Items("orders").Select(o => o.Text("id"))];
}
