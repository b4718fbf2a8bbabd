using LayerCache.Core.Eviction;

namespace LayerCache.Core.Tests.Support;

/// <summary>Every eviction policy by name, and the policy x seed cases that property tests run.</summary>
public static class Policies
{
    public static readonly string[] Names = ["lru", "lfu", "gdsf", "clusteraware"];

    public static TheoryData<string, int> WithSeeds(int seeds)
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Names)
        {
            for (var seed = 1; seed <= seeds; seed++)
            {
                data.Add(name, seed);
            }
        }

        return data;
    }

    public static IEvictionPolicy Named(string name) => name switch
    {
        "lru" => new LruEvictionPolicy(),
        "lfu" => new LfuEvictionPolicy(),
        "gdsf" => new GdsfEvictionPolicy(),
        "clusteraware" => new ClusterAwareEvictionPolicy(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such policy"),
    };
}
