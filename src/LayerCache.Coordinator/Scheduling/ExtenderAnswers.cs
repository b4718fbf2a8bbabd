using LayerCache.Coordinator.Hints;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>The extender's valid answers, shared by the routes and the last-resort handler.</summary>
internal static class ExtenderAnswers
{
    /// <summary>A HostPriorityList for every node asked, in the order asked; the neutral 0 where no hint is given.</summary>
    /// <param name="hints">Scores for exactly these nodes; the answer takes them over and disposes them once written.</param>
    public static IResult Priorities(IReadOnlyList<string> nodes, HintScores? hints) => new HostPriorityList(nodes, hints);

    /// <summary>Filter is fail-open: every node passes, handed back exactly as it was sent.</summary>
    public static IResult PassAll(ExtenderArgs args) => Results.Json(
        new ExtenderFilterResult
        {
            Nodes = args.Nodes is { ValueKind: not System.Text.Json.JsonValueKind.Null } nodes ? nodes : null,
            NodeNames = args.NodeNames,
        },
        ExtenderJson.Default.ExtenderFilterResult);
}
