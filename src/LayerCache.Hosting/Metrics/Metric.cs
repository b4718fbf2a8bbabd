using System.Collections.Concurrent;
using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>
/// One metric family: a name, help text, label names and one series per distinct label values.
/// Thread-safe; series are created on first use and live for the process.
/// </summary>
public abstract class Metric
{
    private readonly ConcurrentDictionary<string, object> _series = new(StringComparer.Ordinal);

    protected Metric(string name, string help, MetricType type, IReadOnlyList<string> labelNames)
    {
        if (!MetricNames.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name.", nameof(name));
        }

        foreach (var label in labelNames)
        {
            if (!MetricNames.IsValidLabel(label))
            {
                throw new ArgumentException($"'{label}' is not a valid Prometheus label name.", nameof(labelNames));
            }
        }

        Name = name;
        Help = help;
        Type = type;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public MetricType Type { get; }

    public IReadOnlyList<string> LabelNames { get; }

    internal void Write(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(MetricNames.EscapeHelp(Help)).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(Type.ToString().ToLowerInvariant()).Append('\n');
        foreach (var (labels, series) in _series.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            WriteSeries(output, labels, series);
        }
    }

    protected TSeries Series<TSeries>(string[] labelValues, Func<TSeries> create)
        where TSeries : class
    {
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Count} label values, got {labelValues.Length}.", nameof(labelValues));
        }

        return (TSeries)_series.GetOrAdd(MetricNames.FormatLabels(LabelNames, labelValues), _ => create());
    }

    /// <summary>Writes one series; <paramref name="labels"/> is the rendered label set, empty or <c>{a="b"}</c>.</summary>
    protected abstract void WriteSeries(StringBuilder output, string labels, object series);
}
