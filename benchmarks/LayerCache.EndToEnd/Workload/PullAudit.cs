using System.Net.Http.Json;
using System.Text.Json;
using LayerCache.Core.Model;
using LayerCache.EndToEnd.Nodes;

namespace LayerCache.EndToEnd.Workload;

/// <summary>
/// What each pod's node held of the pod's image when the pod was placed, two ways: what containerd's content store
/// really held, and what the coordinator's view (its hints) said it held. The difference is where the view's lag
/// sends pods: bytes the view still listed after the node had evicted them, and bytes the node had pulled before
/// the view knew. Asked between the placement and the pull, so it costs each pod a few milliseconds of start-up;
/// the measured runs leave it off.
/// </summary>
internal sealed class PullAudit(IReadOnlyList<SiteNodeRuntime> nodes, IReadOnlyList<ContainerImage> podImages, Uri coordinator, HttpClient http)
{
    private readonly Lock _lock = new();
    private PullAuditTotals _totals;

    public PullAuditTotals Totals
    {
        get
        {
            lock (_lock)
            {
                return _totals;
            }
        }
    }

    public async Task RecordAsync(int pod, int node, CancellationToken cancellationToken)
    {
        var image = podImages[pod];
        var runtime = nodes[node];
        long held = 0;
        foreach (var layer in image.DistinctLayers)
        {
            if (await runtime.Client.ContentInfoAsync(layer.Digest, cancellationToken).ConfigureAwait(false) is not null)
            {
                held += layer.SizeBytes;
            }
        }

        var viewHeld = await ViewHeldAsync(image.Reference, runtime.Node.Name, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _totals = _totals.Add(image.SizeBytes, held, viewHeld);
        }
    }

    /// <summary>
    /// The bytes of the image the view says the node holds; null when the view does not know the node or the image,
    /// or the answer is not the hints API's shape (an audit does not stop a run over it).
    /// </summary>
    private async Task<long?> ViewHeldAsync(string reference, string node, CancellationToken cancellationToken)
    {
        var uri = new Uri(coordinator, $"v1/hints?image={Uri.EscapeDataString(reference)}&node={Uri.EscapeDataString(node)}");
        JsonDocument? document;
        try
        {
            document = await http.GetFromJsonAsync<JsonDocument>(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            return null;
        }

        using var owned = document;
        return document is null ? null : HeldBytes(document.RootElement, node);
    }

    /// <summary>What a hints answer says the node holds; null for an unknown node or image, or any other shape.</summary>
    internal static long? HeldBytes(JsonElement answer, string node)
    {
        if (answer.ValueKind != JsonValueKind.Object
            || !answer.TryGetProperty("resolved", out var resolved) || resolved.ValueKind != JsonValueKind.True
            || !answer.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var hint in nodes.EnumerateArray())
        {
            if (hint.ValueKind == JsonValueKind.Object
                && hint.TryGetProperty("node", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == node
                && hint.TryGetProperty("known", out var known) && known.ValueKind == JsonValueKind.True
                && hint.TryGetProperty("presentBytes", out var present) && present.ValueKind == JsonValueKind.Number
                && present.TryGetInt64(out var bytes) && bytes >= 0)
            {
                return bytes;
            }
        }

        return null;
    }
}
