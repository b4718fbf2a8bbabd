using LayerCache.Core.Model;

namespace LayerCache.Core.Popularity;

/// <summary>
/// Exponentially decayed request counts per image and per layer: a request counted now weighs 1,
/// one half-life ago 0.5. A layer counts every request for an image that contains it.
/// </summary>
public sealed class PopularityTracker
{
    private readonly TimeProvider _time;
    private readonly DecayedCounter<string> _images;
    private readonly DecayedCounter<Digest> _layers;
    private readonly Dictionary<Digest, Layer> _knownLayers = [];

    public PopularityTracker(TimeSpan halfLife, TimeProvider time)
    {
        if (halfLife <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "The half-life must be positive.");
        }

        _time = time;
        HalfLife = halfLife;
        var now = time.GetUtcNow();
        _images = new DecayedCounter<string>(halfLife, now, StringComparer.Ordinal);
        _layers = new DecayedCounter<Digest>(halfLife, now);
    }

    public TimeSpan HalfLife { get; }

    public int LayerCount => _layers.Count;

    public void Record(ContainerImage image, double weight = 1)
    {
        CheckWeight(weight);
        var now = _time.GetUtcNow();
        _images.Add(image.Reference, weight, now);
        var weighted = weight * _layers.WeightAt(now);
        foreach (var layer in image.DistinctLayers)
        {
            _layers.AddWeighted(layer.Digest, weighted);
            _knownLayers.TryAdd(layer.Digest, layer);
        }
    }

    /// <summary>Adds <paramref name="score"/> to one image alone (not its layers), counted now: for scores kept elsewhere.</summary>
    public void AddImageScore(string reference, double score)
    {
        CheckWeight(score);
        _images.Add(reference, score, _time.GetUtcNow());
    }

    /// <summary>Adds <paramref name="score"/> to one layer alone, counted now: for scores kept elsewhere.</summary>
    public void AddLayerScore(Layer layer, double score)
    {
        CheckWeight(score);
        _layers.Add(layer.Digest, score, _time.GetUtcNow());
        _knownLayers.TryAdd(layer.Digest, layer);
    }

    public double ImageScore(string reference) => _images.Get(reference, _time.GetUtcNow());

    public double LayerScore(Digest digest) => _layers.Get(digest, _time.GetUtcNow());

    /// <summary>The <paramref name="count"/> most popular layers with their scores, most popular first.</summary>
    public IReadOnlyList<(Layer Layer, double Score)> TopLayers(int count) =>
        [.. Top(_layers, count).Select(x => (_knownLayers[x.Key], x.Score))];

    /// <summary>The <paramref name="count"/> most popular image references with their scores, most popular first.</summary>
    public IReadOnlyList<(string Reference, double Score)> TopImages(int count) => Top(_images, count);

    private List<(TKey Key, double Score)> Top<TKey>(DecayedCounter<TKey> counter, int count)
        where TKey : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var scale = counter.ScaleAt(_time.GetUtcNow());
        var heap = new PriorityQueue<TKey, double>(count + 1);
        foreach (var key in counter.Keys)
        {
            var scaled = counter.GetScaled(key);
            if (heap.Count < count)
            {
                heap.Enqueue(key, scaled);
            }
            else if (count > 0 && heap.TryPeek(out _, out var least) && scaled > least)
            {
                heap.DequeueEnqueue(key, scaled);
            }
        }

        var top = new List<(TKey, double)>(heap.Count);
        while (heap.TryDequeue(out var key, out var scaled))
        {
            top.Add((key, scaled * scale));
        }

        top.Reverse();
        return top;
    }

    /// <summary>Forgets images and layers whose score has decayed below <paramref name="floor"/>.</summary>
    public void Prune(double floor)
    {
        var now = _time.GetUtcNow();
        _images.Prune(floor, now);
        _layers.Prune(floor, now);
        foreach (var digest in _knownLayers.Keys.Where(d => !_layers.Contains(d)).ToList())
        {
            _knownLayers.Remove(digest);
        }
    }

    private static void CheckWeight(double weight, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(weight))] string? name = null)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(name, weight, "A request weighs a finite amount >= 0.");
        }
    }
}
