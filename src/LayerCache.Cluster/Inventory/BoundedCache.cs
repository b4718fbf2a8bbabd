using System.Collections.Concurrent;

namespace LayerCache.Cluster;

/// <summary>
/// A value made once per key and shared, for the readers' caches of what never changes under its key (an image
/// payload, a manifest by digest). Past <see cref="MaxEntries"/> keys it starts again, so a churning cluster cannot
/// grow it forever.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<TKey, TValue> _values = new(comparer);

    public bool TryGet(TKey key, out TValue value) => _values.TryGetValue(key, out value!);

    /// <summary>The value kept for <paramref name="key"/>, or the one <paramref name="make"/> makes (what it throws, it throws).</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> make)
    {
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }

        if (_values.Count >= MaxEntries)
        {
            _values.Clear();
        }

        return _values.GetOrAdd(key, make(key));
    }
}
