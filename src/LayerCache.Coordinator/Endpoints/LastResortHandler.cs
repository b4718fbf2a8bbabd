using LayerCache.Coordinator.Scheduling;

namespace LayerCache.Coordinator.Endpoints;

/// <summary>
/// Catches what escapes a route, logs it, and still answers validly where a scheduler waits: prioritize gets the
/// neutral 0 for every node it asked about, filter passes every node. Other routes get a JSON 500.
/// </summary>
internal sealed partial class LastResortHandler(RequestDelegate next, ILogger<LastResortHandler> logger, CoordinatorMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The client's fault (a body too slow, cut short or malformed on the wire): one line, no stack trace.
            LogBadClient(logger, context.Request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "?", e.StatusCode, e.Message);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = e.StatusCode;
            }
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(logger, context.Request.Path, e);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            var request = context.Items[typeof(ExtenderRequest)] as ExtenderRequest;
            var path = context.Request.Path;
            var route = path == ExtenderEndpoints.PrioritizePath ? "prioritize" : path == ExtenderEndpoints.FilterPath ? "filter" : "other";
            metrics.HintRequests.Inc(1, route, "error");
            var answer = (route, request) switch
            {
                ("prioritize", _) => ExtenderAnswers.Priorities(request?.NodeNames ?? [], hints: null),
                ("filter", not null) => ExtenderAnswers.PassAll(request.Args),
                ("filter", null) => new ExtenderRefusal(StatusCodes.Status503ServiceUnavailable, "error", "the request could not be read").ToResult(),
                _ => new ExtenderRefusal(StatusCodes.Status500InternalServerError, "error", "internal error").ToResult(),
            };
            await answer.ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request to {Path} from {Client} answered {Status}: {Reason}")]
    private static partial void LogBadClient(ILogger logger, string path, string client, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed; answering a neutral response")]
    private static partial void LogFailed(ILogger logger, string path, Exception exception);
}
