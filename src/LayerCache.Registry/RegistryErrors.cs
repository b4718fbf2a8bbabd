using System.Net;
using System.Text;
using System.Text.Json;

namespace LayerCache.Registry;

/// <summary>Turns an error response into an exception whose message carries the registry's own error codes.</summary>
internal static class RegistryErrors
{
    private const int MaxErrorBodyBytes = 16 * 1024;

    public static async Task<RegistryException> ToExceptionAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var detail = await DescribeAsync(response, cancellationToken).ConfigureAwait(false);
        var status = response.StatusCode;
        return status switch
        {
            HttpStatusCode.NotFound => new RegistryNotFoundException($"{what}: not found (404{detail})."),
            HttpStatusCode.Forbidden => new RegistryAuthenticationException($"{what}: forbidden (403{detail}).", status),
            _ => new RegistryException($"{what}: {(int)status} {response.ReasonPhrase}{detail}.", status),
        };
    }

    // distribution's error body: {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}.
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0 || bytes.Length > MaxErrorBodyBytes)
            {
                return string.Empty;
            }

            using var document = JsonDocument.Parse(bytes);
            var text = new StringBuilder();
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                    text.Append(", ").Append(code).Append(": ").Append(message);
                }
            }

            return text.ToString();
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            return string.Empty;
        }
    }
}
