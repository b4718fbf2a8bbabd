using LayerCache.Core.Model;
using LayerCache.Simulator.Corpus;
using LayerCache.Simulator.Tests.Support;

namespace LayerCache.Simulator.Tests.Corpus;

public sealed class CorpusSynthesizerTests
{
    private static readonly IReadOnlyList<CorpusImage> Shipped = CorpusReader.ReadFile(RepositoryPaths.ShippedCorpus);

    [Theory]
    [InlineData(1)]
    [InlineData(137)]
    [InlineData(138)]
    [InlineData(1000)]
    public void Synthesize_AskedForN_GivesNImagesWithUniqueReferences(int count)
    {
        var corpus = new CorpusSynthesizer(seed: 1).Synthesize(Shipped, count);

        Assert.Equal(count, corpus.Count);
        Assert.Equal(count, corpus.Select(c => c.Image.Reference).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Synthesize_MoreThanCorpus_KeepsOriginalsFirstUnchanged()
    {
        var corpus = new CorpusSynthesizer(seed: 1).Synthesize(Shipped, 500);

        for (var i = 0; i < Shipped.Count; i++)
        {
            Assert.Equal(Shipped[i].Image.Reference, corpus[i].Image.Reference);
            Assert.Equal(Shipped[i].Pulls, corpus[i].Pulls);
            Assert.Equal(Shipped[i].Image.Layers, corpus[i].Image.Layers);
        }

        Assert.All(corpus.Skip(Shipped.Count), c => Assert.StartsWith("synthetic.example/", c.Image.Reference));
    }

    [Fact]
    public void Synthesize_SameSeed_GivesIdenticalCorpus()
    {
        var first = Fingerprint(new CorpusSynthesizer(seed: 42).Synthesize(Shipped, 800));
        var second = Fingerprint(new CorpusSynthesizer(seed: 42).Synthesize(Shipped, 800));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Synthesize_DifferentSeed_GivesDifferentCorpus()
    {
        var first = Fingerprint(new CorpusSynthesizer(seed: 42).Synthesize(Shipped, 800));
        var second = Fingerprint(new CorpusSynthesizer(seed: 43).Synthesize(Shipped, 800));

        Assert.NotEqual(first, second);
    }

    /// <summary>
    /// 80% are built FROM a corpus image and 15% FROM an earlier synthesized one, which itself descends from the
    /// corpus with probability 0.80 / 0.85; so about 0.80 + 0.15 x 0.94 = 0.94 have a whole corpus image at the bottom.
    /// </summary>
    [Fact]
    public void Synthesize_ManyImages_MostSitOnAWholeCorpusImage()
    {
        const int Synthesized = 5000;
        var corpus = new CorpusSynthesizer(seed: 3).Synthesize(Shipped, Shipped.Count + Synthesized);
        var byBottomLayer = Shipped.ToLookup(c => c.Image.Layers[0].Digest);

        var onCorpusImage = corpus.Skip(Shipped.Count).Count(c => byBottomLayer[c.Image.Layers[0].Digest].Any(b => StartsWith(c.Image, b.Image)));

        var expected = CorpusSynthesizer.FromCorpusShare / (1 - CorpusSynthesizer.FromDerivedShare);
        Assert.InRange((double)onCorpusImage / Synthesized, expected - 0.03, expected + 0.03);
    }

    [Fact]
    public void Synthesize_ManyImages_DerivedPullLessThanTheMostPulledImage()
    {
        var corpus = new CorpusSynthesizer(seed: 3).Synthesize(Shipped, 2000);

        var mostPulled = Shipped.Max(c => c.Pulls);
        Assert.All(corpus.Skip(Shipped.Count), c => Assert.InRange(c.Pulls, 1, mostPulled / 1000));
    }

    [Fact]
    public void Synthesize_ManyImages_EveryDigestIsValid()
    {
        var corpus = new CorpusSynthesizer(seed: 5).Synthesize(Shipped, 2000);

        var layers = corpus.Skip(Shipped.Count).SelectMany(c => c.Image.Layers).ToList();
        Assert.NotEmpty(layers);
        Assert.All(layers, l => Assert.True(Digest.TryParse(l.Digest.Value, out var parsed) && parsed == l.Digest, l.Digest.Value));
    }

    [Fact]
    public void Synthesize_ManyImages_NewLayersHaveSizesFromTheCorpus()
    {
        var sizes = Shipped.SelectMany(c => c.Image.Layers).Select(l => l.SizeBytes).ToHashSet();
        var known = Shipped.SelectMany(c => c.Image.Layers).Select(l => l.Digest).ToHashSet();

        var corpus = new CorpusSynthesizer(seed: 5).Synthesize(Shipped, 1000);

        var fresh = corpus.SelectMany(c => c.Image.Layers).Where(l => !known.Contains(l.Digest)).ToList();
        Assert.NotEmpty(fresh);
        Assert.All(fresh, l => Assert.Contains(l.SizeBytes, sizes));
    }

    private static bool StartsWith(ContainerImage image, ContainerImage bottom) =>
        image.Layers.Count > bottom.Layers.Count && image.Layers.Take(bottom.Layers.Count).SequenceEqual(bottom.Layers);

    private static List<string> Fingerprint(IReadOnlyList<CorpusImage> corpus) =>
        corpus.Select(c => $"{c.Image.Reference} {c.Pulls} " + string.Join(' ', c.Image.Layers.Select(l => $"{l.Digest}:{l.SizeBytes}"))).ToList();
}
