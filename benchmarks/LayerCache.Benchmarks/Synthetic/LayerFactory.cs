using LayerCache.Core.Model;

namespace LayerCache.Benchmarks.Synthetic;

/// <summary>Layers with random digests and sizes shaped like registry layers: large shared bases, small app layers.</summary>
internal sealed class LayerFactory(Random random)
{
    private const long MB = 1_000_000;

    /// <summary>An OS base layer (alpine's 3 MB to a full distribution's 50 MB).</summary>
    public Layer Base() => Make((long)(random.NextDouble() * 47 * MB) + (3 * MB));

    /// <summary>A language runtime layer (a JRE, .NET, Python), 5 to 120 MB.</summary>
    public Layer Runtime() => Make((long)(random.NextDouble() * 115 * MB) + (5 * MB));

    /// <summary>An application layer: log-normal around 1.5 MB (config and small copies) with a tail to 200 MB.</summary>
    public Layer App()
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var size = 1.5 * MB * Math.Exp(1.5 * normal);
        return Make((long)Math.Clamp(size, 1_000, 200 * MB));
    }

    public IReadOnlyList<Layer> Many(int count, Func<Layer> make) => [.. Enumerable.Range(0, count).Select(_ => make())];

    private Layer Make(long sizeBytes)
    {
        Span<byte> hash = stackalloc byte[32];
        random.NextBytes(hash);
        return new Layer(Digest.FromHash(hash), sizeBytes);
    }
}
