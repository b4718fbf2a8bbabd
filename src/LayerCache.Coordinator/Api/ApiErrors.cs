namespace LayerCache.Coordinator.Api;

/// <summary>The JSON error answers of the HTTP API: one sentence that names the thing and what is wrong.</summary>
internal static class ApiErrors
{
    public static IResult BadRequest(string error) => Of(StatusCodes.Status400BadRequest, error);

    public static IResult NotFound(string error) => Of(StatusCodes.Status404NotFound, error);

    /// <summary>404 for a node the view does not hold (a name echoed in part at most).</summary>
    public static IResult UnknownNode(string name) =>
        NotFound($"no node '{QueryFlags.Clip(name)}' in the view: GET {NodesEndpoints.Path} lists the nodes");

    public static IResult Of(int status, string error) => Results.Json(new ApiError(error), HintJson.Default.ApiError, statusCode: status);
}
