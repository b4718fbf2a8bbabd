using System.Diagnostics.Metrics;
using System.Text;

namespace LayerCache.Hosting.Metrics;

/// <summary>
/// Listens to the instruments of one <see cref="Meter"/> and of the runtime's own meter and keeps their series for
/// the Prometheus text exposition. Only that meter object's instruments are taken, not others of the same name, so
/// several services in one process (tests) each export their own.
/// </summary>
internal sealed class MeterExposition : IDisposable
{
    /// <summary>The .NET runtime's meter: GC, heap, thread pool, exceptions, locks, JIT.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Lock _rendering = new();
    private readonly Dictionary<string, MetricFamily> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<Instrument, InstrumentSeries> _instruments = [];
    private readonly List<InstrumentSeries> _ordered = [];

    public MeterExposition(Meter meter)
    {
        _meter = meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter == _meter || instrument.Meter.Name == RuntimeMeterName) && Track(instrument) is { } series)
            {
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Names the family of an instrument about to be created on the meter; a name is taken once.</summary>
    public void Declare(MetricFamily family)
    {
        lock (_lock)
        {
            if (!_declared.TryAdd(family.Name, family) || _ordered.Any(s => s.Family.Name == family.Name))
            {
                throw new InvalidOperationException($"A metric named '{family.Name}' is already registered.");
            }
        }
    }

    public InstrumentSeries? SeriesOf(Instrument instrument)
    {
        lock (_lock)
        {
            return _instruments.GetValueOrDefault(instrument);
        }
    }

    public string Render()
    {
        var output = new StringBuilder();
        lock (_rendering)
        {
            _listener.RecordObservableInstruments();
            InstrumentSeries[] families;
            lock (_lock)
            {
                families = [.. _ordered];
            }

            foreach (var family in families)
            {
                family.Write(output);
            }
        }

        return output.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private InstrumentSeries? Track(Instrument instrument)
    {
        var type = MetricNames.TypeOf(instrument);
        lock (_lock)
        {
            var isDeclared = _declared.TryGetValue(instrument.Name, out var declared) && instrument.Meter == _meter;
            var family = isDeclared
                ? declared!
                : new MetricFamily(MetricNames.FromInstrument(instrument.Name, instrument.Unit, type), instrument.Description ?? instrument.Name, type, [], Bounds(instrument));
            if (_ordered.Any(s => s.Family.Name == family.Name))
            {
                return null;
            }

            var aggregation = type == MetricType.Histogram ? InstrumentSeries.Aggregation.Buckets
                : instrument.IsObservable || instrument is Gauge<double> or Gauge<long> or Gauge<int> ? InstrumentSeries.Aggregation.Last
                : InstrumentSeries.Aggregation.Sum;
            var series = new InstrumentSeries(family, aggregation);
            foreach (var labelValues in isDeclared ? family.KnownLabelSets() : [])
            {
                series.Seed(labelValues);
            }

            _instruments[instrument] = series;
            _ordered.Add(series);
            return series;
        }
    }

    private static double[]? Bounds(Instrument instrument) => MetricNames.TypeOf(instrument) != MetricType.Histogram ? null
        : instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } advised } ? [.. advised]
        : MetricFamily.DefaultBounds;
}
