using System.Runtime.InteropServices;

namespace LayerCache.Core.Popularity;

/// <summary>
/// A set of counts that halve every half-life. Each count is stored scaled to a common reference time,
/// so adding is O(1) and reading needs one multiplication; the reference moves forward before the
/// scale could overflow.
/// </summary>
internal sealed class DecayedCounter<TKey>
    where TKey : notnull
{
    private const double RebaseAfterHalfLives = 256;

    private readonly Dictionary<TKey, double> _scaled;
    private readonly double _halfLifeSeconds;
    private DateTimeOffset _reference;

    public DecayedCounter(TimeSpan halfLife, DateTimeOffset start, IEqualityComparer<TKey>? comparer = null)
    {
        _halfLifeSeconds = halfLife.TotalSeconds;
        _reference = start;
        _scaled = new Dictionary<TKey, double>(comparer);
    }

    public int Count => _scaled.Count;

    public IEnumerable<TKey> Keys => _scaled.Keys;

    public void Add(TKey key, double amount, DateTimeOffset now) => AddWeighted(key, amount * WeightAt(now));

    /// <summary>The stored weight of one count added at <paramref name="now"/>; moves the reference first if it must.</summary>
    public double WeightAt(DateTimeOffset now)
    {
        var exponent = Exponent(now);
        if (exponent > RebaseAfterHalfLives)
        {
            Rebase(now);
            exponent = 0;
        }

        return Math.Pow(2, exponent);
    }

    /// <summary>Adds an amount already multiplied by <see cref="WeightAt"/>.</summary>
    public void AddWeighted(TKey key, double weighted)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_scaled, key, out _);
        slot += weighted;
    }

    public double Get(TKey key, DateTimeOffset now) =>
        _scaled.TryGetValue(key, out var scaled) ? scaled * Math.Pow(2, -Exponent(now)) : 0;

    /// <summary>The factor that turns a stored value into today's count.</summary>
    public double ScaleAt(DateTimeOffset now) => Math.Pow(2, -Exponent(now));

    public bool Contains(TKey key) => _scaled.ContainsKey(key);

    public double GetScaled(TKey key) => _scaled.GetValueOrDefault(key);

    /// <summary>Drops the counts that have decayed below <paramref name="floor"/>.</summary>
    public int Prune(double floor, DateTimeOffset now)
    {
        var scale = ScaleAt(now);
        var dead = _scaled.Where(kv => kv.Value * scale < floor).Select(kv => kv.Key).ToList();
        foreach (var key in dead)
        {
            _scaled.Remove(key);
        }

        return dead.Count;
    }

    private double Exponent(DateTimeOffset now) => (now - _reference).TotalSeconds / _halfLifeSeconds;

    private void Rebase(DateTimeOffset now)
    {
        var factor = Math.Pow(2, -Exponent(now));
        foreach (var key in _scaled.Keys.ToList())
        {
            _scaled[key] *= factor;
        }

        _reference = now;
    }
}
