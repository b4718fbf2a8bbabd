using System.Security.Cryptography;
using LayerCache.Core.Model;

namespace LayerCache.Simulator.Corpus;

/// <summary>
/// Grows a corpus the way Docker Hub grows: most new images are built FROM a corpus image (popular bases more
/// often), some FROM an image built earlier, a few from scratch; each adds a few layers of its own whose sizes are
/// drawn from the corpus's layer sizes. A derived image is pulled less than its base. The same seed gives the same corpus.
/// </summary>
public sealed class CorpusSynthesizer
{
    /// <summary>Share of new images built FROM a corpus image.</summary>
    public const double FromCorpusShare = 0.80;

    /// <summary>Share built FROM an image synthesized earlier; the rest start from scratch.</summary>
    public const double FromDerivedShare = 0.15;

    private readonly Random _random;

    public CorpusSynthesizer(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>A corpus of <paramref name="count"/> images: the originals first, then derived ones.</summary>
    public IReadOnlyList<CorpusImage> Synthesize(IReadOnlyList<CorpusImage> corpus, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var result = new List<CorpusImage>(count);
        result.AddRange(corpus.Take(count));
        if (result.Count == count)
        {
            return result;
        }

        var layerSizes = corpus.SelectMany(i => i.Image.DistinctLayers).DistinctBy(l => l.Digest).Select(l => l.SizeBytes).ToArray();
        var baseWeights = Cumulative(corpus.Select(i => Math.Sqrt(Math.Max(i.Pulls, 1))).ToArray());
        var derivedStart = result.Count;
        Span<byte> seedBytes = stackalloc byte[8];
        for (var i = result.Count; i < count; i++)
        {
            var roll = _random.NextDouble();
            CorpusImage? parent = roll < FromCorpusShare
                ? corpus[Pick(baseWeights)]
                : roll < FromCorpusShare + FromDerivedShare && result.Count > derivedStart
                    ? result[_random.Next(derivedStart, result.Count)]
                    : null;

            var ownLayers = parent is null ? _random.Next(3, 9) : _random.Next(1, 5);
            var layers = new List<Layer>((parent?.Image.Layers.Count ?? 0) + ownLayers);
            if (parent is not null)
            {
                layers.AddRange(parent.Image.Layers);
            }

            for (var j = 0; j < ownLayers; j++)
            {
                _random.NextBytes(seedBytes);
                var digest = Digest.FromHash(SHA256.HashData(seedBytes));
                layers.Add(new Layer(digest, layerSizes[_random.Next(layerSizes.Length)]));
            }

            var basePulls = parent?.Pulls ?? corpus[^1].Pulls;
            var share = _random.NextDouble();
            var pulls = Math.Max(1, (long)(basePulls * 1e-3 * share * share));
            var name = parent is null ? "scratch" : ShortName(parent.Image.Reference);
            result.Add(new CorpusImage(new ContainerImage($"synthetic.example/{name}-{i}:v1", layers), pulls));
        }

        return result;
    }

    private int Pick(double[] cumulative)
    {
        var target = _random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        return index >= 0 ? index : Math.Min(~index, cumulative.Length - 1);
    }

    private static double[] Cumulative(double[] weights)
    {
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            weights[i] = sum;
        }

        return weights;
    }

    private static string ShortName(string reference)
    {
        var name = reference[(reference.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }
}
