using System.Diagnostics;
using LayerCache.Coordinator.Hints;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Api;

/// <summary>
/// <c>GET /v1/hints?image=REF[&amp;image=REF...][&amp;node=NAME...][&amp;explain=true]</c>: per node what it holds of the
/// images, best first; with <c>explain</c>, how each node's numbers were made.
/// </summary>
public static class HintsEndpoints
{
    public const string Path = "/v1/hints";

    public static IEndpointRouteBuilder MapHints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Get);
        return endpoints;
    }

    private static async Task<IResult> Get(HttpContext context, HintService hints, CoordinatorMetrics metrics, IOptions<CoordinatorOptions> options)
    {
        var started = Stopwatch.GetTimestamp();
        var query = context.Request.Query;
        string[] images = [.. query["image"].Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim())];
        if (HintQuery.Check(images, options.Value.MaxImagesPerRequest) is { } error)
        {
            metrics.RecordHint("hints", "bad_request", started);
            return Results.Json(new ApiError(error), HintJson.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);
        }

        string[] nodes = [.. query["node"].Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!)];
        if (!QueryFlags.TryRead(query, "explain", out var explain, out var flagError))
        {
            metrics.RecordHint("hints", "bad_request", started);
            return Results.Json(new ApiError(flagError), HintJson.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);
        }

        if (explain)
        {
            // Explained hints are for people: they are not counted as pod requests and wait for no lookup.
            var explained = hints.Explain(images, nodes.Length == 0 ? null : nodes);
            metrics.RecordHint("hints", explained.Resolved ? "ok" : "unresolved", started);
            return Results.Json(explained, HintJson.Default.ExplainedHints);
        }

        using var scores = await hints.ScoreAsync(images, nodes.Length == 0 ? null : nodes, null, context.RequestAborted);
        metrics.RecordHint("hints", scores.Resolved ? "ok" : "unresolved", started);
        scores.SortBestFirst();

        // The JSON is written after this returns, so it gets a copy; the pooled scores go back here.
        return Results.Json(scores.ToResult(), HintJson.Default.HintResult);
    }
}
