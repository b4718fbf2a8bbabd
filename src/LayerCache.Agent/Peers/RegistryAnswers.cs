namespace LayerCache.Agent.Peers;

/// <summary>The few answers of the OCI distribution API that the peer server and the mirror give besides a blob.</summary>
internal static class RegistryAnswers
{
    /// <summary>
    /// Answers what comes before a blob: a method other than GET and HEAD (405), and the API's version check
    /// (<c>GET /v2/</c>: this speaks the API and asks for no credentials). True when it answered.
    /// </summary>
    public static async Task<bool> AnsweredBeforeBlobAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "GET, HEAD";
            return true;
        }

        if (http.Request.Path.Value is not ("/v2" or "/v2/"))
        {
            return false;
        }

        http.Response.ContentType = "application/json";
        http.Response.ContentLength = 2;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.WriteAsync("{}").ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>An error in the API's shape (<c>{"errors":[{"code":...,"message":...}]}</c>); messages are the agent's own words.</summary>
    public static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync($$"""{"errors":[{"code":"{{code}}","message":"{{message}}"}]}""");
    }
}
