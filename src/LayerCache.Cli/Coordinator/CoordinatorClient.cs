using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;

namespace LayerCache.Cli.Coordinator;

/// <summary>
/// Calls the coordinator's <c>/v1</c> API and turns every way it can fail into a <see cref="CliError"/> that names the
/// coordinator's address and what to do; a 404 is the caller's to word, as only it knows what was not found.
/// </summary>
internal sealed class CoordinatorClient : IDisposable
{
    /// <summary>A prefetch may wait up to 20 s for an image's registry; every other call answers at once.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    public CoordinatorClient(Uri address, string? token)
    {
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = RequestTimeout };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HasToken = token is not null;
    }

    public Uri Address { get; }

    private bool HasToken { get; }

    /// <summary>GETs <paramref name="path"/>; <paramref name="notFound"/> words a 404 from the coordinator's own error.</summary>
    public Task<ApiAnswer> GetAsync(string path, Func<string, string> notFound, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), notFound, cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, string json, Func<string, string> notFound, CancellationToken cancellationToken) =>
        SendAsync(
            new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            notFound,
            cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<ApiAnswer> SendAsync(HttpRequestMessage request, Func<string, string> notFound, CancellationToken cancellationToken)
    {
        using var _ = request;
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliError(ExitCodes.Unreachable, $"cannot reach the coordinator at {Address} ({Reason(e)}): check --coordinator or LAYERCACHE_COORDINATOR, and that it runs");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliError(ExitCodes.Unreachable, $"the coordinator at {Address} did not answer within {RequestTimeout.TotalSeconds:0} s: check that it runs and is reachable");
        }

        var document = Parse(body);
        if ((int)status is >= 200 and < 300)
        {
            return document is null
                ? throw new CliError(ExitCodes.CoordinatorError, $"{Address} did not answer with the coordinator's JSON: check that --coordinator names a LayerCache coordinator")
                : new ApiAnswer(body, document);
        }

        var error = Error(document) ?? $"HTTP {(int)status}";
        document?.Dispose();
        throw status switch
        {
            HttpStatusCode.NotFound when document is not null => new CliError(ExitCodes.NotFound, notFound(error)),
            HttpStatusCode.BadRequest => new CliError(ExitCodes.Usage, error),
            HttpStatusCode.Unauthorized => new CliError(
                ExitCodes.Refused,
                HasToken
                    ? $"the coordinator at {Address} refused the token: check that --token-file holds its Coordinator:ApiTokenFile"
                    : $"the coordinator at {Address} wants a bearer token: pass --token-file FILE or set LAYERCACHE_TOKEN_FILE"),
            HttpStatusCode.Forbidden => new CliError(ExitCodes.Refused, $"the coordinator at {Address} refused: {error} (use its https:// address)"),
            _ => new CliError(ExitCodes.CoordinatorError, $"the coordinator at {Address} answered {(int)status}: {error}"),
        };
    }

    private static JsonDocument? Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Error(JsonDocument? document) =>
        document?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()
            : null;

    /// <summary>The innermost cause, as short as the system words it ("Connection refused").</summary>
    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException s => s.Message,
        AuthenticationException a => $"TLS: {a.Message}",
        { } inner => inner.Message,
        null => e.Message,
    };
}
