using k8s;
using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;

namespace LayerCache.Deploy.Tests;

/// <summary>Each overlay renders on its own into objects the API knows, complete enough to apply as they are.</summary>
[Collection(OverlaysCollection.Name)]
public sealed class OverlayTests(RenderedOverlays overlays)
{
    private const string Namespace = "layercache-system";

    public static TheoryData<string> Overlays => [.. RenderedOverlays.Names];

    [Fact]
    public void Overlays_Listed_AreDefaultExternalRedisAndPeers()
    {
        Assert.Equal(["default", "external-redis", "peers"], RenderedOverlays.Names);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Render_Overlay_RunsAgentCoordinatorAndScheduler(string overlay)
    {
        var rendered = overlays[overlay];

        Assert.NotNull(rendered.Find<V1Namespace>(Namespace));
        Assert.NotNull(rendered.Find<V1DaemonSet>("layercache-agent", Namespace));
        Assert.NotNull(rendered.Find<V1Deployment>("layercache-coordinator", Namespace));
        Assert.NotNull(rendered.Find<V1Service>("layercache-coordinator", Namespace));
        Assert.NotNull(rendered.Find<V1PodDisruptionBudget>("layercache-coordinator", Namespace));
        Assert.NotNull(rendered.Find<V1Deployment>("layercache-scheduler", Namespace));
    }

    [Fact]
    public void Render_Default_BundlesOneRedis()
    {
        var redis = overlays["default"].Get<V1Deployment>("layercache-redis", Namespace);

        Assert.Equal(1, redis.Spec.Replicas);
        Assert.NotNull(overlays["default"].Find<V1Service>("layercache-redis", Namespace));
    }

    [Fact]
    public void Render_ExternalRedis_BundlesNoRedis()
    {
        var rendered = overlays["external-redis"];

        Assert.DoesNotContain(rendered.Objects, o => o is V1Deployment or V1Service or V1StatefulSet
            && ((IMetadata<V1ObjectMeta>)o).Metadata.Name.Contains("redis", StringComparison.Ordinal));
        Assert.DoesNotContain(rendered.Workloads, w => w.AllContainers.Any(c => c.Image.StartsWith("redis", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_Coordinator_RunsTwoReplicasThatADrainCannotBothTake()
    {
        foreach (var rendered in overlays.All)
        {
            var coordinator = rendered.Get<V1Deployment>("layercache-coordinator", Namespace);
            var budget = rendered.Get<V1PodDisruptionBudget>("layercache-coordinator", Namespace);

            Assert.Equal(2, coordinator.Spec.Replicas);
            Assert.Equal("1", budget.Spec.MinAvailable?.Value);
            Assert.True(Labels.Select(budget.Spec.Selector, coordinator.Spec.Template.Metadata.Labels), $"{rendered.Name}: the budget does not select the coordinators");
        }
    }

    [Fact]
    public void Render_EveryNamespacedObject_NamesItsNamespace()
    {
        // Without one, `kubectl apply -k` would put the object in whatever namespace the operator's context has.
        var missing = overlays.All
            .SelectMany(o => o.Objects.Where(IsNamespaced).Where(x => string.IsNullOrEmpty(Meta(x).NamespaceProperty)).Select(x => $"{o.Name}: {x.Kind} {Meta(x).Name}"))
            .ToList();

        Assert.Empty(missing);
        Assert.All(overlays.All, o => Assert.Contains(o.Objects, IsNamespaced));
    }

    [Fact]
    public void Render_EveryConfigMapVolume_RefersToARenderedConfigMap()
    {
        var volumes = overlays.Workloads
            .SelectMany(w => (w.Pod.Volumes ?? []).Where(v => v.ConfigMap is not null).Select(v => (Workload: w, Name: v.ConfigMap.Name)))
            .ToList();

        Assert.NotEmpty(volumes);
        Assert.All(volumes, v => Assert.True(
            overlays[v.Workload.Overlay].Find<V1ConfigMap>(v.Name, v.Workload.Namespace) is not null,
            $"{v.Workload} mounts ConfigMap {v.Name}, which is not rendered (the generator's name suffix was not applied?)"));
    }

    [Fact]
    public void Render_EveryServiceAccountUsed_IsRendered()
    {
        var used = overlays.Workloads.Where(w => w.Pod.ServiceAccountName is not null).ToList();

        Assert.NotEmpty(used);
        Assert.All(used, w => Assert.True(
            overlays[w.Overlay].Find<V1ServiceAccount>(w.Pod.ServiceAccountName, w.Namespace) is not null,
            $"{w} runs as ServiceAccount {w.Pod.ServiceAccountName}, which is not rendered"));
    }

    [Fact]
    public void Render_EveryWorkload_SelectsItsOwnPods()
    {
        var workloads = overlays.Workloads.ToList();

        Assert.NotEmpty(workloads);
        Assert.All(workloads, w => Assert.True(Labels.Select(w.Selector, w.Template.Metadata.Labels), $"{w}: the selector does not match the template's labels"));
    }

    private static bool IsNamespaced(IKubernetesObject o) => o is not (V1Namespace or V1ClusterRole or V1ClusterRoleBinding);

    private static V1ObjectMeta Meta(IKubernetesObject o) => ((IMetadata<V1ObjectMeta>)o).Metadata;
}
