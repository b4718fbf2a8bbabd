using System.Diagnostics.Metrics;

namespace LayerCache.Hosting.Metrics;

/// <summary>Observations counted into cumulative buckets, with their sum and count (latencies, sizes), through a <see cref="Histogram{T}"/>.</summary>
public sealed class Histogram : Instrumented
{
    private readonly Histogram<double> _histogram;

    internal Histogram(Histogram<double> histogram, IReadOnlyList<MetricLabel> labels, MeterExposition exposition)
        : base(histogram, labels, exposition)
    {
        _histogram = histogram;
    }

    public void Observe(double value) => Record(value);

    public void Observe(double value, string label) => Record(value, label);

    public long Count(params string[] labelValues) => Series(labelValues)?.Count ?? 0;

    private protected override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _histogram.Record(value, tags);
}
