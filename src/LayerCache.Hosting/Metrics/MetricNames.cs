using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>Prometheus' rules for names, label values and numbers in the text exposition format.</summary>
internal static class MetricNames
{
    public static bool IsValid(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    public static bool IsValidLabel(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && !name.StartsWith("__", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public static bool IsSnakeCase(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>
    /// The Prometheus name of an instrument named in OpenTelemetry's style (<c>dotnet.gc.heap.total_allocated</c>,
    /// unit <c>By</c>): dots become underscores, the unit a suffix, and a counter ends in <c>_total</c>.
    /// </summary>
    public static string FromInstrument(string name, string? unit, MetricType type)
    {
        var text = new StringBuilder(name.Length + 16);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        var suffix = unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            "ms" => "_milliseconds",
            _ => string.Empty,
        };
        if (suffix.Length > 0 && !text.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            text.Append(suffix);
        }

        if (type == MetricType.Counter && !text.ToString().EndsWith("_total", StringComparison.Ordinal))
        {
            text.Append("_total");
        }

        return text.ToString();
    }

    /// <summary>A tag key as a label name: <c>gc.heap.generation</c> becomes <c>gc_heap_generation</c>.</summary>
    public static string LabelFromTag(string key) =>
        string.Create(key.Length, key, (span, k) =>
        {
            for (var i = 0; i < k.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(k[i]) ? k[i] : '_';
            }
        });

    public static MetricType TypeOf(Instrument instrument) => instrument switch
    {
        // The runtime publishes these levels as observable counters; exported as counters they would end in _total.
        { Meter.Name: MeterExposition.RuntimeMeterName, Name: "dotnet.thread_pool.thread.count" or "dotnet.thread_pool.queue.length" } => MetricType.Gauge,
        Histogram<double> or Histogram<long> or Histogram<int> or Histogram<float> => MetricType.Histogram,
        Counter<double> or Counter<long> or Counter<int> or ObservableCounter<double> or ObservableCounter<long> or ObservableCounter<int> => MetricType.Counter,
        _ => MetricType.Gauge,
    };

    public static string FormatLabels(IReadOnlyList<string> names, IReadOnlyList<string> values)
    {
        if (names.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("{");
        for (var i = 0; i < names.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append(names[i]).Append("=\"").Append(EscapeLabelValue(values[i])).Append('"');
        }

        return text.Append('}').ToString();
    }

    /// <summary>Adds one more label to a rendered label set (a histogram's <c>le</c>).</summary>
    public static string WithLabel(string labels, string name, string value) =>
        labels.Length == 0 ? $"{{{name}=\"{value}\"}}" : $"{labels[..^1]},{name}=\"{value}\"}}";

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
