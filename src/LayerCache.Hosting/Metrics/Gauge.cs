using System.Diagnostics.Metrics;

namespace LayerCache.Hosting.Metrics;

/// <summary>A value that goes up and down (layers held, bytes used, readiness), recorded through a <see cref="Gauge{T}"/>.</summary>
public sealed class Gauge : Instrumented
{
    private readonly Gauge<double> _gauge;

    internal Gauge(Gauge<double> gauge, IReadOnlyList<MetricLabel> labels, MeterExposition exposition)
        : base(gauge, labels, exposition)
    {
        _gauge = gauge;
    }

    public void Set(double value) => Record(value);

    public void Set(double value, string label) => Record(value, label);

    public double Value(params string[] labelValues) => Series(labelValues)?.Value.Value ?? 0;

    private protected override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _gauge.Record(value, tags);
}
