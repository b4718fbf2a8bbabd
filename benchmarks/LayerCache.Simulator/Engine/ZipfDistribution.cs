namespace LayerCache.Simulator.Engine;

/// <summary>Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^exponent.</summary>
public sealed class ZipfDistribution
{
    private readonly double[] _cumulative;

    public ZipfDistribution(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        _cumulative = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += 1 / Math.Pow(i + 1, exponent);
            _cumulative[i] = sum;
        }
    }

    public int Sample(Random random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        return index >= 0 ? index : Math.Min(~index, _cumulative.Length - 1);
    }
}
