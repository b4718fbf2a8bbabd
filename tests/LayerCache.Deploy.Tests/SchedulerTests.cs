using k8s.Models;
using LayerCache.Deploy.Tests.Rendering;
using LayerCache.Deploy.Tests.Scheduler;
using LayerCache.Deploy.Tests.Wiring;
using YamlDotNet.Core;

namespace LayerCache.Deploy.Tests;

/// <summary>
/// layercache-scheduler: the upstream kube-scheduler with a configuration of its own, a lease of its own and the
/// cluster's scheduler roles, asking the coordinator Service at paths the coordinator serves.
/// </summary>
[Collection(OverlaysCollection.Name)]
public sealed class SchedulerTests(RenderedOverlays overlays)
{
    private IReadOnlyList<SchedulerSetup> Schedulers => [.. overlays.All.Select(SchedulerSetup.Of)];

    [Fact]
    public void ConfigurationParse_MisspelledField_Throws()
    {
        const string yaml = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nextenders:\n  - urlPrefix: http://x\n    nodeCacheCapabel: true\n";

        var error = Assert.ThrowsAny<YamlException>(() => SchedulerConfiguration.Parse(yaml));

        Assert.Contains("nodeCacheCapabel", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_Overlays_IsAKubeSchedulerConfigurationWithOneProfileOfItsName()
    {
        Assert.All(Schedulers, s =>
        {
            Assert.Equal("kubescheduler.config.k8s.io/v1", s.Configuration.ApiVersion);
            Assert.Equal("KubeSchedulerConfiguration", s.Configuration.Kind);
            Assert.Equal([SchedulerSetup.Name], s.Configuration.Profiles.Select(p => p.SchedulerName));
        });
    }

    [Fact]
    public async Task Extender_Overlays_CallsTheCoordinatorServiceAtPathsItServes()
    {
        foreach (var s in Schedulers)
        {
            var extender = Assert.Single(s.Configuration.Extenders);
            var url = new Uri(extender.UrlPrefix);
            var coordinator = ServiceContainer.In(overlays).Single(c => c.Overlay == s.Overlay && c.Workload.Name == "layercache-coordinator");

            // <service>.<namespace>.svc: the scheduler runs in a pod, so cluster DNS resolves it.
            var host = url.Host.Split('.');
            Assert.Equal(3, host.Length);
            Assert.Equal("svc", host[2]);
            var service = s.Overlay.Get<V1Service>(host[0], host[1]);
            Assert.True(Labels.Select(service.Spec.Selector, coordinator.Workload.Template.Metadata.Labels), $"{service.Metadata.Name} does not select the coordinators");
            var port = Assert.Single(service.Spec.Ports, p => p.Port == url.Port);
            Assert.True(Ports.Resolve(port.TargetPort, coordinator.Container) is { } target && coordinator.Settings.HttpPorts.Contains(target),
                $"{s.Overlay.Name}: Service port {url.Port} does not reach the coordinator's HTTP port");
            Assert.Equal("http", url.Scheme);
            Assert.False(extender.EnableHttps);

            var routes = await coordinator.RoutesAsync();
            Assert.NotEmpty(extender.Verbs);
            Assert.All(extender.Verbs, verb => Assert.Contains($"POST {url.AbsolutePath.TrimEnd('/')}/{verb}", routes));
        }
    }

    [Fact]
    public void Extender_Overlays_NeverHoldsUpScheduling()
    {
        Assert.All(Schedulers, s =>
        {
            var extender = Assert.Single(s.Configuration.Extenders);
            Assert.True(extender.Ignorable);
            Assert.True(extender.NodeCacheCapable);
            Assert.Equal("prioritize", extender.PrioritizeVerb);
            Assert.Equal(1, extender.Weight);
        });
    }

    [Fact]
    public void LeaderElection_Overlays_UsesItsOwnLeaseWhichItsRoleGrants()
    {
        foreach (var s in Schedulers)
        {
            var election = Assert.IsType<SchedulerLeaderElection>(s.Configuration.LeaderElection);
            Assert.True(election.LeaderElect);
            Assert.Equal("leases", election.ResourceLock);
            Assert.Equal(SchedulerSetup.Name, election.ResourceName);
            Assert.Equal(s.Workload.Namespace, election.ResourceNamespace);

            var rules = RolesBoundTo(s).SelectMany(r => r.Rules).Where(r => r.ApiGroups.Contains("coordination.k8s.io") && r.Resources.Contains("leases")).ToList();
            Assert.Contains(rules, r => r.Verbs.Contains("create"));
            Assert.Contains(rules, r => r.Verbs.Contains("get") && r.Verbs.Contains("update") && r.ResourceNames?.Contains(election.ResourceName) == true);
        }
    }

    [Fact]
    public void Rbac_Overlays_BindsTheClusterSchedulerRolesToItsServiceAccount()
    {
        foreach (var s in Schedulers)
        {
            var clusterRoles = s.Overlay.All<V1ClusterRoleBinding>().Where(b => Binds(b.Subjects, s)).Select(b => b.RoleRef.Name).Order(StringComparer.Ordinal);
            var authReader = s.Overlay.All<V1RoleBinding>().Where(b => Binds(b.Subjects, s) && b.Metadata.NamespaceProperty == "kube-system").Select(b => b.RoleRef.Name);

            Assert.Equal(["system:kube-scheduler", "system:volume-scheduler"], clusterRoles);
            Assert.Equal(["extension-apiserver-authentication-reader"], authReader);
        }
    }

    [Fact]
    public void Deployment_Overlays_RunsAPinnedUpstreamKubeSchedulerWithLeaderElectionAcrossReplicas()
    {
        Assert.All(Schedulers, s =>
        {
            Assert.Matches(@"^registry\.k8s\.io/kube-scheduler:v1\.3\d\.\d+$", s.Container.Image);
            Assert.Equal("kube-scheduler", s.Container.Command[0]);
            Assert.True(s.Overlay.Get<V1Deployment>(SchedulerSetup.Name, s.Workload.Namespace).Spec.Replicas > 1);
        });
    }

    [Fact]
    public void Probes_Overlays_AskTheSecurePortOverHttps()
    {
        Assert.All(Schedulers, s => Assert.All(Ports.HttpProbes(s.Container), p =>
        {
            // kube-scheduler serves /healthz only on its secure port, 10259 unless --secure-port says otherwise.
            Assert.Equal(10259, Ports.Resolve(p.Get.Port, s.Container));
            Assert.Equal("HTTPS", p.Get.Scheme);
            Assert.Equal("/healthz", p.Get.Path);
        }));
        Assert.DoesNotContain(Schedulers.SelectMany(s => s.Container.Command.Concat(s.Container.Args ?? [])), a => a.StartsWith("--secure-port", StringComparison.Ordinal));
    }

    private static IEnumerable<V1Role> RolesBoundTo(SchedulerSetup s) =>
        s.Overlay.All<V1RoleBinding>()
            .Where(b => b.Metadata.NamespaceProperty == s.Workload.Namespace && b.RoleRef.Kind == "Role" && Binds(b.Subjects, s))
            .Select(b => s.Overlay.Get<V1Role>(b.RoleRef.Name, s.Workload.Namespace));

    private static bool Binds(IList<Rbacv1Subject>? subjects, SchedulerSetup s) =>
        subjects?.Any(x => x.Kind == "ServiceAccount" && x.Name == s.Workload.Pod.ServiceAccountName && x.NamespaceProperty == s.Workload.Namespace) == true;
}
