using System.Globalization;

namespace LayerCache.Integration.Tests.Support;

/// <summary>Reads a coordinator's or agent's Prometheus text as a scraper would.</summary>
public static class Scrape
{
    /// <summary>The value of one series (name and labels, as rendered) on GET /metrics; null when absent.</summary>
    public static async Task<double?> MetricAsync(HttpClient http, string series)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var prefix = series + " ";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
