using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Tests.Hints;

public sealed class LocalImageDemandTests
{
    private readonly MetricRegistry _registry = new();

    [Fact]
    public void Unknown_SameReferenceTwice_QueuedOnceUntilTaken()
    {
        var demand = Create(queueLength: 8);

        demand.Unknown("docker.io/library/nginx:latest");
        demand.Unknown("docker.io/library/nginx:latest");

        Assert.Equal(1, demand.UnknownImages.Count);
        Assert.True(demand.UnknownImages.TryRead(out _));
        demand.Unknown("docker.io/library/nginx:latest");
        Assert.Equal(1, demand.UnknownImages.Count);
    }

    [Fact]
    public void Unknown_QueueFull_DropsAndCounts()
    {
        var demand = Create(queueLength: 2);

        demand.Unknown("a.io/x:1");
        demand.Unknown("a.io/x:2");
        demand.Unknown("a.io/x:3");

        Assert.Equal(2, demand.UnknownImages.Count);
        Assert.Contains("layercache_image_demand_dropped_total 1\n", _registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Requested_OncePerPodAndImage_ForgetsOldestBeyondTheLimit()
    {
        var demand = Create(queueLength: 8, remembered: 2);

        demand.Requested("pod-1", [ShopCluster.ShopApi, ShopCluster.ShopApi]);
        demand.Requested("pod-1", [ShopCluster.ShopApi]);
        demand.Requested("pod-2", [ShopCluster.ShopApi]);
        Assert.Equal(2, demand.ReadPopularity(p => p.ImageScore(ShopCluster.ShopApi.Reference)), precision: 3);

        // pod-1 was the oldest pair remembered; a third pair pushes it out, so it counts again.
        demand.Requested("pod-3", [ShopCluster.ShopApi]);
        demand.Requested("pod-1", [ShopCluster.ShopApi]);
        Assert.Equal(4, demand.ReadPopularity(p => p.ImageScore(ShopCluster.ShopApi.Reference)), precision: 3);
    }

    private LocalImageDemand Create(int queueLength, int remembered = 100) => new(
        Options.Create(new CoordinatorOptions { UnknownImageQueueLength = queueLength, RememberedPodImages = remembered }),
        TimeProvider.System,
        new CoordinatorMetrics(_registry));
}
