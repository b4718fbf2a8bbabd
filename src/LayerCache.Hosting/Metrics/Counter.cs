using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>A value that only goes up (requests, bytes, errors). Its name should end in <c>_total</c>.</summary>
public sealed class Counter : Metric
{
    internal Counter(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, MetricType.Counter, labelNames)
    {
    }

    public void Inc(double amount = 1, params string[] labelValues)
    {
        if (amount < 0 || double.IsNaN(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A counter only goes up.");
        }

        Series(labelValues, () => new Cell()).Add(amount);
    }

    public double Value(params string[] labelValues) => Series(labelValues, () => new Cell()).Value;

    protected override void WriteSeries(StringBuilder output, string labels, object series) =>
        output.Append(Name).Append(labels).Append(' ').Append(MetricNames.Number(((Cell)series).Value)).Append('\n');
}
