using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Tests.Engine;

public sealed class ZipfDistributionTests
{
    private const int Ranks = 10;
    private const int Samples = 200_000;

    [Fact]
    public void Sample_ExponentZero_IsUniform()
    {
        var counts = Histogram(new ZipfDistribution(Ranks, 0), new Random(11));

        // Chi-square with 9 degrees of freedom: 27.88 is its 0.1% upper tail.
        var expected = (double)Samples / Ranks;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.InRange(chiSquare, 0, 27.88);
    }

    [Fact]
    public void Sample_Exponent075_RankOneOverRankFourIsFourToThe075()
    {
        var counts = Histogram(new ZipfDistribution(Ranks, 0.75), new Random(12));

        var ratio = (double)counts[0] / counts[3];
        Assert.InRange(ratio, Math.Pow(4, 0.75) * 0.95, Math.Pow(4, 0.75) * 1.05);
        Assert.True(counts[0] > counts[1] && counts[1] > counts[2], "frequencies fall with rank");
    }

    [Fact]
    public void Sample_SameSeed_SameSequence()
    {
        var zipf = new ZipfDistribution(137, 0.75);
        var first = new Random(5);
        var second = new Random(5);

        var a = Enumerable.Range(0, 1000).Select(_ => zipf.Sample(first)).ToList();
        var b = Enumerable.Range(0, 1000).Select(_ => zipf.Sample(second)).ToList();

        Assert.Equal(a, b);
        Assert.All(a, rank => Assert.InRange(rank, 0, 136));
    }

    [Fact]
    public void Sample_OneRank_AlwaysZero()
    {
        var zipf = new ZipfDistribution(1, 2);
        var random = new Random(1);

        Assert.All(Enumerable.Range(0, 100).Select(_ => zipf.Sample(random)), rank => Assert.Equal(0, rank));
    }

    [Fact]
    public void Constructor_NoRanksOrNegativeExponent_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfDistribution(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfDistribution(5, -0.1));
    }

    private static int[] Histogram(ZipfDistribution zipf, Random random)
    {
        var counts = new int[Ranks];
        for (var i = 0; i < Samples; i++)
        {
            counts[zipf.Sample(random)]++;
        }

        return counts;
    }
}
