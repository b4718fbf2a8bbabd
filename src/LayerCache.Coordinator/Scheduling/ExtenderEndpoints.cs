using System.Diagnostics;
using LayerCache.Coordinator.Hints;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>
/// The Kubernetes scheduler extender: <c>POST /scheduler/prioritize</c> scores every candidate node 0..10 and
/// <c>POST /scheduler/filter</c> passes every node (placement by cache is a preference, never a constraint).
/// kube-scheduler ignores a failed prioritize call, so a bad request is refused with a clear 4xx rather than guessed at.
/// </summary>
public static class ExtenderEndpoints
{
    public const string PrioritizePath = "/scheduler/prioritize";
    public const string FilterPath = "/scheduler/filter";

    public static IEndpointRouteBuilder MapSchedulerExtender(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(PrioritizePath, PrioritizeAsync);
        endpoints.MapPost(FilterPath, FilterAsync);
        return endpoints;
    }

    private static async Task<IResult> PrioritizeAsync(HttpContext context, HintService hints, CoordinatorMetrics metrics, IOptions<CoordinatorOptions> options)
    {
        var started = Stopwatch.GetTimestamp();
        var (request, refusal) = await ExtenderRequest.ReadAsync(context, options.Value.MaxRequestBodyBytes);
        var max = options.Value.MaxImagesPerRequest;
        var images = request?.Args.Pod?.Images();
        refusal ??= images switch
        {
            null => ExtenderRefusal.BadRequest("Pod is required"),
            [] => ExtenderRefusal.BadRequest("Pod.spec.containers names no image"),
            { Count: var n } when n > max => ExtenderRefusal.BadRequest($"the pod names {n} images; at most {max} are scored"),
            _ => null,
        };
        if (refusal is not null)
        {
            metrics.RecordHint("prioritize", refusal.Outcome, started);
            return refusal.ToResult();
        }

        var scores = await hints.ScoreAsync(images!, request!.NodeNames, request.Args.Pod!.Metadata?.Uid, context.RequestAborted);
        metrics.RecordHint("prioritize", scores.Resolved ? "ok" : "unresolved", started);
        return ExtenderAnswers.Priorities(request.NodeNames, scores);
    }

    private static async Task<IResult> FilterAsync(HttpContext context, CoordinatorMetrics metrics, IOptions<CoordinatorOptions> options)
    {
        var started = Stopwatch.GetTimestamp();
        var (request, refusal) = await ExtenderRequest.ReadAsync(context, options.Value.MaxRequestBodyBytes);
        if (refusal is not null)
        {
            metrics.RecordHint("filter", refusal.Outcome, started);
            return refusal.ToResult();
        }

        metrics.RecordHint("filter", "ok", started);
        return ExtenderAnswers.PassAll(request!.Args);
    }
}
