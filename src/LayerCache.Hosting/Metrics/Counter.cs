using System.Diagnostics.Metrics;

namespace LayerCache.Hosting.Metrics;

/// <summary>
/// A value that only goes up (requests, bytes, errors), recorded through a <see cref="Counter{T}"/>. Its name should
/// end in <c>_total</c>. The overloads take label values in the order the labels were declared.
/// </summary>
public sealed class Counter : Instrumented
{
    private readonly Counter<double> _counter;

    internal Counter(Counter<double> counter, IReadOnlyList<MetricLabel> labels, MeterExposition exposition)
        : base(counter, labels, exposition)
    {
        _counter = counter;
    }

    public void Inc() => Inc(1);

    public void Inc(double amount) => Record(Checked(amount));

    public void Inc(double amount, string value) => Record(Checked(amount), value);

    public void Inc(double amount, string first, string second) => Record(Checked(amount), first, second);

    public double Value(params string[] labelValues) => Series(labelValues)?.Value.Value ?? 0;

    private protected override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _counter.Add(value, tags);

    private static double Checked(double amount) =>
        amount < 0 || double.IsNaN(amount) ? throw new ArgumentOutOfRangeException(nameof(amount), amount, "A counter only goes up.") : amount;
}
