namespace LayerCache.Hosting.Metrics;

/// <summary>
/// A label of a metric and, where they are known in advance, its values. Every combination of known values is
/// exported (a counter at 0) before its first use, so a rate or an alert sees the series from the first scrape.
/// </summary>
public sealed class MetricLabel
{
    public MetricLabel(string name, params string[] knownValues)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(knownValues);
        if (!MetricNames.IsValidLabel(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus label name.", nameof(name));
        }

        if (knownValues.FirstOrDefault(v => !MetricNames.IsSnakeCase(v)) is { } bad)
        {
            throw new ArgumentException($"The value '{bad}' of label '{name}' is not snake_case.", nameof(knownValues));
        }

        Name = name;
        KnownValues = knownValues;
    }

    public string Name { get; }

    public IReadOnlyList<string> KnownValues { get; }

    /// <summary>A label whose values are not known in advance (a file name, an event topic).</summary>
    public static implicit operator MetricLabel(string name) => new(name);

    public static MetricLabel FromString(string name) => new(name);
}
