using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LayerCache.Integration.Tests.Support;

/// <summary>A scheduler's calls to a coordinator: GET /v1/hints and POST /scheduler/prioritize, read back as plain values.</summary>
public static class HintsApi
{
    public static async Task<Hints> GetAsync(HttpClient http, string image, params string[] nodes) => await GetAsync(http, [image], nodes);

    public static async Task<Hints> GetAsync(HttpClient http, IReadOnlyList<string> images, IReadOnlyList<string> nodes)
    {
        var query = string.Join('&', images.Select(i => "image=" + Uri.EscapeDataString(i)).Concat(nodes.Select(n => "node=" + Uri.EscapeDataString(n))));
        using var response = await http.GetAsync(new Uri("/v1/hints?" + query, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /v1/hints: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var hints = root.GetProperty("nodes").EnumerateArray().Select(n => new NodeHintValues(
            n.GetProperty("node").GetString()!,
            n.GetProperty("known").GetBoolean(),
            n.GetProperty("presentBytes").GetInt64(),
            n.GetProperty("missingBytes").GetInt64(),
            n.GetProperty("estimatedPullSeconds").GetDouble(),
            n.GetProperty("rawScore").GetDouble(),
            n.GetProperty("score").GetInt32())).ToList();
        return new Hints(root.GetProperty("stale").GetBoolean(), root.GetProperty("resolved").GetBoolean(), hints, body);
    }

    /// <summary>kube-scheduler's prioritize call for a pod of one container per image (nodeCacheCapable: names only).</summary>
    public static async Task<IReadOnlyList<(string Host, int Score)>> PrioritizeAsync(HttpClient http, string podUid, IReadOnlyList<string> images, IReadOnlyList<string> nodes)
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = podUid, ["name"] = "pod-" + podUid, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray([.. images.Select((image, i) => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["image"] = image })]),
            },
        };
        var args = new JsonObject { ["Pod"] = pod, ["Nodes"] = null, ["NodeNames"] = new JsonArray([.. nodes.Select(n => (JsonNode)JsonValue.Create(n))]) };
        using var content = new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/scheduler/prioritize", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /scheduler/prioritize: {(int)response.StatusCode} {body}");
        var priorities = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. priorities.EnumerateArray().Select(p => (p.GetProperty("Host").GetString()!, p.GetProperty("Score").GetInt32()))];
    }
}

/// <summary>The answer of GET /v1/hints, nodes best first, with the raw JSON for messages.</summary>
public sealed record Hints(bool Stale, bool Resolved, IReadOnlyList<NodeHintValues> Nodes, string Json)
{
    public NodeHintValues? Node(string name) => Nodes.FirstOrDefault(n => n.Node == name);
}

public sealed record NodeHintValues(string Node, bool Known, long PresentBytes, long MissingBytes, double EstimatedPullSeconds, double RawScore, int Score);
