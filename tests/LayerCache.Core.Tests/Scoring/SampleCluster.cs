using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Scoring;

/// <summary>
/// Four nodes and two images sharing a base. n0 holds app1 whole, n1 holds app2 (so app1's base),
/// n2 holds app1's lib layer as a prefetched blob, n3 is empty.
/// </summary>
public sealed class SampleCluster
{
    public SampleCluster()
    {
        App1 = Build.Image("app1", Base, Lib, App1Own); // 80 MB
        App2 = Build.Image("app2", Base, App2Own);      // 55 MB
        N0 = Cluster.Add(Build.Node("n0", 1_000 * Build.MB, Time));
        N1 = Cluster.Add(Build.Node("n1", 1_000 * Build.MB, Time));
        N2 = Cluster.Add(Build.Node("n2", 1_000 * Build.MB, Time));
        N3 = Cluster.Add(Build.Node("n3", 1_000 * Build.MB, Time));
        N0.AddImage(App1);
        N1.AddImage(App2);
        N2.AddLayer(Lib);
    }

    public ManualTimeProvider Time { get; } = new();

    public ClusterView Cluster { get; } = new();

    public Layer Base { get; } = Build.Layer(1, 50 * Build.MB);

    public Layer Lib { get; } = Build.Layer(2, 20 * Build.MB);

    public Layer App1Own { get; } = Build.Layer(3, 10 * Build.MB);

    public Layer App2Own { get; } = Build.Layer(4, 5 * Build.MB);

    public ContainerImage App1 { get; }

    public ContainerImage App2 { get; }

    public NodeCache N0 { get; }

    public NodeCache N1 { get; }

    public NodeCache N2 { get; }

    public NodeCache N3 { get; }

    /// <summary>The score of every node, in node order.</summary>
    public static double[] ScoreAll(INodeScorer scorer, PodFit fit) =>
        [.. Enumerable.Range(0, fit.NodeCount).Select(n => scorer.Score(fit, n))];
}
