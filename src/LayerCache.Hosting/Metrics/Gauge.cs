using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>A value that goes up and down (layers held, bytes used, readiness).</summary>
public sealed class Gauge : Metric
{
    internal Gauge(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, MetricType.Gauge, labelNames)
    {
    }

    public void Set(double value, params string[] labelValues) => Series(labelValues, () => new Cell()).Set(value);

    public void Add(double amount, params string[] labelValues) => Series(labelValues, () => new Cell()).Add(amount);

    public double Value(params string[] labelValues) => Series(labelValues, () => new Cell()).Value;

    protected override void WriteSeries(StringBuilder output, string labels, object series) =>
        output.Append(Name).Append(labels).Append(' ').Append(MetricNames.Number(((Cell)series).Value)).Append('\n');
}
