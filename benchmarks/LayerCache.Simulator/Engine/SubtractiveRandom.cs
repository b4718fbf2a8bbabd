namespace LayerCache.Simulator.Engine;

/// <summary>
/// Knuth's subtractive generator (The Art of Computer Programming, vol. 2, 3.6), seeded as .NET's seeded
/// <see cref="Random"/> seeds it, so <see cref="Next(int)"/> draws exactly what <c>new Random(seed).Next(n)</c> draws.
/// A sealed class with nothing virtual: the tie-break draws once for every tied node a pod's window scores, about
/// 500 draws a pod at 5,000 nodes, and <see cref="Random"/> makes two virtual calls a draw.
/// <c>SubtractiveRandomTests</c> checks it against <see cref="Random"/> draw for draw.
/// </summary>
internal sealed class SubtractiveRandom
{
    private const int Modulus = int.MaxValue;
    private const int Seed0 = 161_803_398;

    private readonly int[] _state = new int[56];
    private int _next;
    private int _nextLagged = 21;

    public SubtractiveRandom(int seed)
    {
        var value = Seed0 - (seed == int.MinValue ? int.MaxValue : Math.Abs(seed));
        _state[55] = value;
        var previous = 1;
        var index = 0;
        for (var i = 1; i < 55; i++)
        {
            // Filled in the order 21, 42, 8, 29, ...: each place 21 on from the last, modulo 55.
            index += 21;
            if (index >= 55)
            {
                index -= 55;
            }

            _state[index] = previous;
            previous = value - previous;
            if (previous < 0)
            {
                previous += Modulus;
            }

            value = _state[index];
        }

        for (var round = 1; round < 5; round++)
        {
            for (var i = 1; i < 56; i++)
            {
                var other = i + 30;
                if (other >= 55)
                {
                    other -= 55;
                }

                _state[i] -= _state[1 + other];
                if (_state[i] < 0)
                {
                    _state[i] += Modulus;
                }
            }
        }
    }

    /// <summary>A draw in [0, <paramref name="maxValue"/>); <paramref name="maxValue"/> is at least 1.</summary>
    public int Next(int maxValue) => (int)(Sample() * (1.0 / Modulus) * maxValue);

    private int Sample()
    {
        var next = _next + 1;
        if (next >= 56)
        {
            next = 1;
        }

        var lagged = _nextLagged + 1;
        if (lagged >= 56)
        {
            lagged = 1;
        }

        var value = _state[next] - _state[lagged];
        if (value == Modulus)
        {
            value--;
        }

        if (value < 0)
        {
            value += Modulus;
        }

        _state[next] = value;
        _next = next;
        _nextLagged = lagged;
        return value;
    }
}
