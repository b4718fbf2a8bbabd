using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>An extender request read and checked: the arguments and the candidate node names, in the order sent.</summary>
internal sealed record ExtenderRequest(ExtenderArgs Args, List<string> NodeNames)
{
    public static async Task<(ExtenderRequest? Request, ExtenderRefusal? Refusal)> ReadAsync(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, ExtenderRefusal.TooLarge(maxBytes));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        ExtenderArgs? args;
        try
        {
            args = await JsonSerializer.DeserializeAsync(context.Request.Body, ExtenderJson.Default.ExtenderArgs, context.RequestAborted);
        }
        catch (JsonException e)
        {
            return (null, ExtenderRefusal.BadRequest($"the body is not a valid ExtenderArgs: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ExtenderRefusal.TooLarge(maxBytes));
        }

        if (args is null)
        {
            return (null, ExtenderRefusal.BadRequest("the body must be an ExtenderArgs object, not null"));
        }

        var (names, error) = ReadNames(args);
        if (error is not null)
        {
            return (null, ExtenderRefusal.BadRequest(error));
        }

        var request = new ExtenderRequest(args, names!);
        context.Items[typeof(ExtenderRequest)] = request;
        return (request, null);
    }

    private static (List<string>? Names, string? Error) ReadNames(ExtenderArgs args)
    {
        if (args.NodeNames is { } given)
        {
            return given.Contains(null!) ? (null, "NodeNames must not hold null") : (given, null);
        }

        if (args.Nodes is { ValueKind: not JsonValueKind.Null } nodes)
        {
            return NodeListNames.TryRead(nodes, out var names, out var error) ? (names, null) : (null, error);
        }

        return (null, "one of Nodes or NodeNames is required");
    }
}
