using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;
using LayerCache.Deploy.Tests.Wiring;

namespace LayerCache.Deploy.Tests;

/// <summary>
/// The manifests agree with the services: probes and Services reach ports the services listen on (from the settings
/// the pods mount) and paths the services map, and the Services select the pods they are for.
/// </summary>
[Collection(OverlaysCollection.Name)]
public sealed class WiringTests(RenderedOverlays overlays)
{
    [Fact]
    public void ContainerPorts_Services_AreExactlyThePortsTheSettingsListenOn()
    {
        var services = ServiceContainer.In(overlays);

        Assert.Equal(2 * RenderedOverlays.Names.Count, services.Count);
        Assert.All(services, s =>
        {
            var listened = s.Settings.HttpPorts.ToHashSet();
            foreach (var key in (string[])["Coordinator:GrpcPort", "Agent:Peers:Port", "Agent:Peers:MirrorPort"])
            {
                if (s.Settings.Configuration[key] is { } port && port != "0")
                {
                    listened.Add(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            Assert.NotEmpty(s.Settings.HttpPorts);
            Assert.Equal(listened.Order(), (s.Container.Ports ?? []).Select(p => p.ContainerPort).Order());
        });
    }

    [Fact]
    public void OrderKeys_AgentAndCoordinator_ReadTheSameRequiredSecret_WhereTheirSettingPoints()
    {
        var services = ServiceContainer.In(overlays);

        Assert.Equal(2 * RenderedOverlays.Names.Count, services.Count);
        Assert.All(services, s =>
        {
            var variable = s.Workload.Name == "layercache-agent" ? "Agent__OrderKeysDirectory" : "Planner__OrderKeysDirectory";
            var directory = Assert.Single(s.Container.Env, e => e.Name == variable).Value;
            var mount = Assert.Single(s.Container.VolumeMounts, m => m.MountPath == directory);
            var volume = Assert.Single(s.Workload.Pod.Volumes, v => v.Name == mount.Name);
            Assert.True(mount.ReadOnlyProperty);
            Assert.Null(mount.SubPath);
            Assert.Equal("layercache-order-keys", volume.Secret?.SecretName);
            Assert.NotEqual(true, volume.Secret?.Optional);
        });
    }

    [Fact]
    public void Probes_Services_TargetAnHttpPortTheSettingsListenOn()
    {
        Assert.All(ServiceContainer.In(overlays), s =>
        {
            var probes = Ports.HttpProbes(s.Container).ToList();
            Assert.Equal(["liveness", "readiness"], probes.Select(p => p.Probe));
            Assert.All(probes, p =>
            {
                var port = Ports.Resolve(p.Get.Port, s.Container);
                Assert.True(port is { } n && s.Settings.HttpPorts.Contains(n), $"{s}: the {p.Probe} probe's port {p.Get.Port.Value} is no HTTP port of its settings");
            });
        });
    }

    [Fact]
    public async Task Probes_Services_AskForPathsTheServiceMaps()
    {
        foreach (var s in ServiceContainer.In(overlays))
        {
            var routes = await s.RoutesAsync();

            Assert.Equal("/healthz", s.Container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/readyz", s.Container.ReadinessProbe.HttpGet.Path);
            Assert.All(Ports.HttpProbes(s.Container), p => Assert.Contains($"GET {p.Get.Path}", routes));
        }
    }

    [Fact]
    public async Task ScrapeAnnotations_Services_NameAnHttpPortThatServesMetrics()
    {
        foreach (var s in ServiceContainer.In(overlays))
        {
            var annotations = s.Workload.Template.Metadata.Annotations;

            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Contains(int.Parse(annotations["prometheus.io/port"], System.Globalization.CultureInfo.InvariantCulture), s.Settings.HttpPorts);
            Assert.Contains("GET /metrics", await s.RoutesAsync());
        }
    }

    [Fact]
    public void CoordinatorService_Overlays_SelectsOnlyCoordinatorsAndReachesTheirPorts()
    {
        foreach (var s in ServiceContainer.In(overlays).Where(s => s.Workload.Name == "layercache-coordinator"))
        {
            var service = s.Overlay.Get<V1Service>("layercache-coordinator", s.Workload.Namespace);

            Assert.Equal(["layercache-coordinator"], s.Overlay.Workloads.Where(w => Labels.Select(service.Spec.Selector, w.Template.Metadata.Labels)).Select(w => w.Name));
            var http = service.Spec.Ports.Single(p => p.Name == "http");
            var grpc = service.Spec.Ports.Single(p => p.Name == "grpc");
            Assert.True(Ports.Resolve(http.TargetPort, s.Container) is { } h && s.Settings.HttpPorts.Contains(h), $"{s.Overlay.Name}: Service port http reaches no HTTP port");
            Assert.Equal(s.Settings.Configuration["Coordinator:GrpcPort"], Ports.Resolve(grpc.TargetPort, s.Container)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void RedisSettings_Default_PointAtTheBundledRedis()
    {
        var overlay = overlays["default"];
        var redis = overlay.Workload("layercache-redis");
        var redisContainer = Assert.Single(redis.Pod.Containers);
        var settings = ServiceContainer.In(overlays).Where(s => s.Overlay == overlay)
            .Select(s => s.Settings.Configuration["Agent:Redis"] ?? s.Settings.Configuration["Redis:Configuration"])
            .ToList();

        Assert.Equal(2, settings.Count);
        Assert.All(settings, configuration =>
        {
            // "host:port[,option=value...]", the host a Service of the same namespace.
            var endpoint = Assert.IsType<string>(configuration).Split(',')[0].Split(':');
            var service = overlay.Get<V1Service>(endpoint[0], redis.Namespace);
            var port = service.Spec.Ports.Single(p => p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == endpoint[1]);
            Assert.True(Labels.Select(service.Spec.Selector, redis.Template.Metadata.Labels), $"Service {service.Metadata.Name} does not select the Redis pod");
            Assert.Equal(6379, Ports.Resolve(port.TargetPort, redisContainer));
        });
    }
}
