using k8s.Models;

namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>Label selection as the API server does it, for the selectors the manifests use.</summary>
internal static class Labels
{
    /// <summary>Whether <paramref name="selector"/> (matchLabels; matchExpressions are refused) selects <paramref name="labels"/>.</summary>
    public static bool Select(V1LabelSelector selector, IDictionary<string, string>? labels)
    {
        if (selector.MatchExpressions is { Count: > 0 })
        {
            throw new NotSupportedException("matchExpressions: extend Labels.Select before using them");
        }

        return Select(selector.MatchLabels, labels);
    }

    /// <summary>Whether a Service-style selector (every pair must be present) selects <paramref name="labels"/>; an empty one selects nothing.</summary>
    public static bool Select(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
