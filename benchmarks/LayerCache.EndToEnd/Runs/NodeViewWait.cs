using System.Diagnostics;
using System.Text.Json;

namespace LayerCache.EndToEnd.Runs;

/// <summary>Waits until the coordinator's view knows every node of the site, so the first pod is scored on all of them.</summary>
internal static class NodeViewWait
{
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(90);

    public static async Task UntilKnownAsync(Uri coordinator, string anyReference, int nodes, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = coordinator, Timeout = TimeSpan.FromSeconds(10) };
        var started = Stopwatch.StartNew();
        var known = 0;
        while (started.Elapsed < Ceiling)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"v1/hints?image={Uri.EscapeDataString(anyReference)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
                    known = CountKnown(json.RootElement);
                    if (known >= nodes)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Asked again below.
            }
            catch (JsonException)
            {
                // An answer that is not the hints JSON counts as no node known yet; asked again below.
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the coordinator knew {known} of {nodes} nodes after {Ceiling.TotalSeconds:F0} s");
    }

    private static int CountKnown(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("nodes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            return list.EnumerateArray().Count(n => n.TryGetProperty("known", out var k) && k.ValueKind == JsonValueKind.True);
        }

        return 0;
    }
}
