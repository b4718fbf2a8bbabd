using LayerCache.EndToEnd.Images;

namespace LayerCache.EndToEnd.Tests.Images;

public sealed class FillGeneratorTests
{
    [Fact]
    public void Fill_AnySplitOfTheReads_SameBytes()
    {
        var digest = LayerForgeTests.CorpusDigest("split");
        var whole = new byte[1000];
        new FillGenerator(5, digest).Fill(whole);

        var pieces = new byte[1000];
        var generator = new FillGenerator(5, digest);
        var offset = 0;
        foreach (var length in new[] { 3, 1, 8, 13, 0, 7, 64, 904 })
        {
            generator.Fill(pieces.AsSpan(offset, length));
            offset += length;
        }

        Assert.Equal(whole, pieces);
    }

    // Pinned (checked against the reference xoshiro256** in another language) so a change of generator, seeding or byte order shows here, not as a registry full of new layers.
    [Fact]
    public void Fill_SeedAndDigest_PinnedBytes()
    {
        var bytes = new byte[16];
        new FillGenerator(42, LayerForgeTests.CorpusDigest("pinned")).Fill(bytes);

        Assert.Equal("82327bacbba9a58572693234321448c0", Convert.ToHexStringLower(bytes));
    }
}
