using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LayerCache.Hosting.Commands;

namespace LayerCache.LoadTest.Cost;

/// <summary>
/// <c>cost [--nodes 500,2000,5000,10000] [--window-seconds 60] [--settle-seconds 10] [--pull-every-seconds 10]
/// [--burst-every-seconds 20] [--json]</c>.
/// </summary>
public static class CostCommand
{
    public static Command Create(Func<CostSettings, Task<int>> run)
    {
        var nodes = new Option<int[]>("--nodes")
        {
            Description = "node counts, comma-separated; each gets a fresh Redis and coordinator",
            DefaultValueFactory = _ => [.. CostSettings.DefaultNodeCounts],
            CustomParser = NodeCounts,
        };
        var window = Seconds("--window-seconds", "seconds each phase is measured over", 60);
        var settle = Seconds("--settle-seconds", "seconds each phase runs before its window", 10);
        var pullEvery = Seconds("--pull-every-seconds", "in the pull storm, each agent pulls an image it lacks this often", 10);
        var burstEvery = Seconds("--burst-every-seconds", "in the order burst, each node is sent a prefetch order this often", 20);
        var json = new Option<bool>("--json") { Description = "print one JSON object (settings and one row per node count and phase) instead of Markdown" };
        var command = new Command("cost", "control-plane cost per node: Redis bytes and commands, coordinator CPU, at rest, in a pull storm and an order burst")
        {
            nodes, window, settle, pullEvery, burstEvery, json,
        };
        command.SetAction((result, _) => run(new CostSettings(
            result.GetValue(nodes)!,
            TimeSpan.FromSeconds(result.GetValue(window)),
            TimeSpan.FromSeconds(result.GetValue(settle)),
            TimeSpan.FromSeconds(result.GetValue(pullEvery)),
            TimeSpan.FromSeconds(result.GetValue(burstEvery)),
            result.GetValue(json))));
        return command;
    }

    private static Option<int> Seconds(string name, string description, int value) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => value,
        CustomParser = result => WholeNumber.AtLeast(result, name, 1),
    };

    private static int[] NodeCounts(ArgumentResult result)
    {
        var text = string.Join(',', result.Tokens.Select(t => t.Value));
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                result.AddError($"--nodes needs whole numbers of at least 1, comma-separated; got '{text}'");
                return [];
            }

            counts.Add(count);
        }

        if (counts.Count == 0)
        {
            result.AddError("--nodes needs at least one node count");
        }

        return [.. counts];
    }
}
