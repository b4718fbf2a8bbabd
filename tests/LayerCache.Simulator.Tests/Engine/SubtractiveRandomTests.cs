using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Tests.Engine;

/// <summary>The simulator's tie-break generator draws what .NET's seeded <see cref="Random"/> draws, so results stay the same to the last digit.</summary>
public sealed class SubtractiveRandomTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(104_729)]
    [InlineData(-7_919)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    [InlineData(161_803_398)]
    public void Next_ManyDraws_EqualRandomsDrawForDraw(int seed)
    {
        var expected = new Random(seed);
        var actual = new SubtractiveRandom(seed);

        // The bounds a window's ties take (2, 3, ... up to the window), and the extremes.
        for (var i = 0; i < 200_000; i++)
        {
            var maxValue = i % 7 == 0 ? int.MaxValue : 1 + (i % 600);
            var want = expected.Next(maxValue);
            var got = actual.Next(maxValue);
            if (want != got)
            {
                Assert.Fail($"seed {seed}, draw {i} below {maxValue}: Random drew {want}, SubtractiveRandom {got}");
            }
        }
    }

    [Fact]
    public void Next_OneBound_AlwaysZero()
    {
        var random = new SubtractiveRandom(42);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(0, random.Next(1));
        }
    }
}
