using System.Globalization;

namespace LayerCache.EndToEnd.Nodes;

/// <summary>Reads one sample out of Prometheus text exposition, as a component's <c>/metrics</c> serves it.</summary>
internal static class MetricsText
{
    /// <summary>The value of the series named exactly <paramref name="series"/> (name and labels as rendered); null when absent or not a number.</summary>
    public static double? Sample(string text, string series)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.Length > series.Length && line.StartsWith(series, StringComparison.Ordinal) && line[series.Length] == ' ')
            {
                var value = line[(series.Length + 1)..].Trim();
                // An optional timestamp follows the value.
                var space = value.IndexOf(' ');
                if (space >= 0)
                {
                    value = value[..space];
                }

                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            }
        }

        return null;
    }
}
