using System.Net;
using System.Text.Json;

namespace LayerCache.Coordinator.Tests.Support;

/// <summary>Calls of the coordinator's JSON API as the tests make them: an answer that must be 200, and an error that must name the problem.</summary>
public static class ApiCalls
{
    public static async Task<JsonDocument> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The response has <paramref name="status"/> and a JSON <c>error</c> containing <paramref name="mentions"/>.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(mentions, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
