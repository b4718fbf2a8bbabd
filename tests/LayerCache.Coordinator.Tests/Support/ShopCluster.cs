using LayerCache.Coordinator.View;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Coordinator.Tests.Support;

/// <summary>
/// The cluster the fixtures' pod (Fixtures/pod.json) is placed in. The pod's images hold 100 MB in five layers:
/// busybox 2, shop-api base 50 + runtime 30 + app 8, envoy 10.
/// edge-a holds the previous shop-api (base and runtime) and envoy: 90 MB of the pod's 100.
/// edge-b holds postgres, a different 100 MB image. edge-c is edge-a's twin. edge-d is unknown to the view.
/// edge-e holds what edge-a holds behind a 25 MB/s link.
/// </summary>
public static class ShopCluster
{
    public static readonly Layer Busybox = Of("busybox", 2 * MB);
    public static readonly Layer Base = Of("shop-base", 50 * MB);
    public static readonly Layer Runtime = Of("shop-runtime", 30 * MB);
    public static readonly Layer App = Of("shop-app-2.4.1", 8 * MB);
    public static readonly Layer OldApp = Of("shop-app-2.4.0", 7 * MB);
    public static readonly Layer Envoy = Of("envoy", 10 * MB);

    public static readonly ContainerImage BusyboxImage = Image("docker.io/library/busybox:1.36", Busybox);
    public static readonly ContainerImage ShopApi = Image("ghcr.io/acme/shop-api:2.4.1", Base, Runtime, App);
    public static readonly ContainerImage OldShopApi = Image("ghcr.io/acme/shop-api:2.4.0", Base, Runtime, OldApp);
    public static readonly ContainerImage EnvoyImage = Image("docker.io/envoyproxy/envoy:v1.29.1", Envoy);
    public static readonly ContainerImage Postgres = Image("docker.io/library/postgres:16", Of("pg-base", 60 * MB), Of("pg-server", 40 * MB));

    public static readonly string[] NodeNames = ["edge-a", "edge-b", "edge-c", "edge-d", "edge-e"];

    public static void Load(ClusterState state)
    {
        var at = DateTimeOffset.UtcNow;
        foreach (var (node, bandwidth) in new[] { ("edge-a", 100e6), ("edge-b", 100e6), ("edge-c", 100e6), ("edge-e", 25e6) })
        {
            state.UpsertNode(node, 20_000 * MB, 0.9, 0.8, bandwidth, at);
        }

        state.ApplyInventory("edge-a", Holding(OldShopApi, EnvoyImage));
        state.ApplyInventory("edge-b", Holding(Postgres));
        state.ApplyInventory("edge-c", Holding(OldShopApi, EnvoyImage));
        state.ApplyInventory("edge-e", Holding(OldShopApi, EnvoyImage));

        // What the resolver would have learnt from the registries.
        state.SetImage(BusyboxImage);
        state.SetImage(ShopApi);
        state.MarkSynced(at);
    }

    public static InventorySnapshot Holding(params ContainerImage[] images) => new(images, [], []);
}
