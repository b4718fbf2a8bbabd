using System.Diagnostics.Metrics;

namespace LayerCache.Hosting.Metrics;

/// <summary>What the metric types share: the instrument, its declared labels, and reading a series back (tests, the exposition).</summary>
public abstract class Instrumented
{
    private readonly Instrument _instrument;
    private readonly string[] _labelNames;
    private readonly MeterExposition _exposition;

    private protected Instrumented(Instrument instrument, IReadOnlyList<MetricLabel> labels, MeterExposition exposition)
    {
        _instrument = instrument;
        _labelNames = [.. labels.Select(l => l.Name)];
        _exposition = exposition;
    }

    public string Name => _instrument.Name;

    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>Hands one measurement to the instrument (add, set or observe, by its kind).</summary>
    private protected abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    private protected void Record(double value)
    {
        CheckLabelCount(0);
        Record(value, []);
    }

    // The tags live in a span on the stack: recording allocates nothing.
    private protected void Record(double value, string label)
    {
        CheckLabelCount(1);
        Record(value, [new(_labelNames[0], label)]);
    }

    private protected void Record(double value, string first, string second)
    {
        CheckLabelCount(2);
        Record(value, [new(_labelNames[0], first), new(_labelNames[1], second)]);
    }

    private void CheckLabelCount(int given)
    {
        if (given != _labelNames.Length)
        {
            throw new ArgumentException($"{Name} takes {_labelNames.Length} label values, got {given}.", "labelValues");
        }
    }

    private protected Series? Series(string[] labelValues)
    {
        CheckLabelCount(labelValues.Length);
        return _exposition.SeriesOf(_instrument)?.Find(labelValues);
    }
}
