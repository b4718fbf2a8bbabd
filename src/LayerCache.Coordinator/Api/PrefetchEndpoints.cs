using System.Text.Json;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Operators;
using LayerCache.Coordinator.Planning;
using LayerCache.Coordinator.View;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Api;

/// <summary>
/// <c>POST /v1/prefetch</c> with <c>{"images":[...],"nodes":[...]}</c> or <c>{"images":[...],"all":true}</c>: the
/// planner's order queue gets one signed layer prefetch per node and image the node lacks layers of. The answer lists
/// the orders (follow them with <c>GET /v1/orders?id=...</c>) and what needed none.
/// </summary>
public static class PrefetchEndpoints
{
    public const string Path = "/v1/prefetch";

    public const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapPrefetch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, Post);
        return endpoints;
    }

    private static async Task<IResult> Post(HttpContext context, ClusterState state, IOptions<CoordinatorOptions> options)
    {
        var (request, refusal) = await ReadAsync(context);
        if (refusal is not null)
        {
            return refusal;
        }

        string[] images = [.. (request!.Images ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim())];
        if (HintQuery.Check(images, options.Value.MaxImagesPerRequest) is { } error)
        {
            return ApiErrors.BadRequest(error);
        }

        string[] nodes = [.. (request.Nodes ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal)];
        if (request.All == (nodes.Length > 0))
        {
            return ApiErrors.BadRequest("name the nodes (\"nodes\") or ask for every node (\"all\": true), one of the two");
        }

        if (nodes.FirstOrDefault(n => !state.TryGetNode(n, out _)) is { } unknown)
        {
            return ApiErrors.UnknownNode(unknown);
        }

        if (context.RequestServices.GetService<OperatorPrefetch>() is not { } prefetch)
        {
            return ApiErrors.Of(StatusCodes.Status409Conflict, "this coordinator runs without Redis, where orders go: it cannot prefetch");
        }

        var unresolved = await prefetch.ResolveAsync(images, context.RequestAborted);
        if (unresolved.Count > 0)
        {
            return ApiErrors.NotFound($"image '{unresolved[0]}' could not be resolved from its registry: check its name, and that the registry is allowed and reachable");
        }

        try
        {
            var result = await prefetch.IssueAsync(images, request.All ? [.. state.Nodes().Select(n => n.Node)] : nodes, context.RequestAborted);
            return Results.Json(result, OperatorJson.Default.PrefetchResult);
        }
        catch (Exception e) when (State.StoreFeed.IsStoreFailure(e))
        {
            return ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, $"the orders could not be written to Redis ({e.Message}): try again once it answers");
        }
    }

    private static async Task<(PrefetchRequest? Request, IResult? Refusal)> ReadAsync(HttpContext context)
    {
        var tooLarge = ApiErrors.Of(StatusCodes.Status413PayloadTooLarge, $"the body is over {MaxBodyBytes} bytes");
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, tooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var request = await JsonSerializer.DeserializeAsync(context.Request.Body, OperatorJson.Default.PrefetchRequest, context.RequestAborted);
            return request is null ? (null, ApiErrors.BadRequest("the body must be a JSON object with \"images\"")) : (request, null);
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.BadRequest($"the body is not a valid prefetch request: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
    }
}
