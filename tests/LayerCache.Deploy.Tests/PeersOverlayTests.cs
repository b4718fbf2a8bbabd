using k8s.Models;
using LayerCache.Agent;
using LayerCache.Deploy.Tests.Rendering;
using LayerCache.Deploy.Tests.Wiring;
using Microsoft.Extensions.Configuration;

namespace LayerCache.Deploy.Tests;

/// <summary>
/// deploy/overlays/peers turns peer fetch on: the agent's settings, as the kubelet and the .NET host would give them on
/// an example node, pass the agent's own validation and serve peers and the mirror where peers and containerd reach
/// them; only agents reach the peer port; the coordinator prices the site.
/// </summary>
[Collection(OverlaysCollection.Name)]
public sealed class PeersOverlayTests(RenderedOverlays overlays)
{
    private const string Namespace = "layercache-system";

    /// <summary>Checks that look at the node's file system, where the volumes are mounted: not this machine's.</summary>
    private static readonly string[] OnTheNode = ["Agent:ContainerdRoot ", "Agent:OrderKeysDirectory:"];

    [Fact]
    public void AgentSettings_EveryOverlay_PassTheAgentsValidation()
    {
        Assert.All(ServiceContainer.In(overlays).Where(s => s.Workload.Name == "layercache-agent"), s =>
        {
            var result = new AgentOptionsValidator().Validate(null, Agent(s));
            var failures = (result.Failures ?? []).SelectMany(f => f.Split("; ")).Where(f => !OnTheNode.Any(f.StartsWith)).ToList();
            Assert.True(failures.Count == 0, $"{s.Overlay.Name}: {string.Join("; ", failures)}");
        });
    }

    [Fact]
    public void Agent_Peers_ServesPeersAndMirrorOnThePodsAddress_InTheNodesZone()
    {
        var peers = Agent(AgentIn("peers")).Peers;
        var podIp = ServiceSettings.ExampleFields["status.podIP"];

        Assert.Equal((podIp, podIp), (peers.BindAddress, peers.MirrorBindAddress));
        Assert.Equal($"http://{podIp}:{peers.Port}", peers.AdvertiseAddress);
        Assert.NotEqual(0, peers.MirrorPort);
        Assert.Equal(ServiceSettings.ExampleFields["metadata.labels['topology.kubernetes.io/zone']"], peers.Site);
        Assert.Equal(["_default", "docker.io", "registry.k8s.io", "ghcr.io", "quay.io"], peers.MirrorRegistries);
    }

    [Fact]
    public void Agent_OtherOverlays_NeitherServesNorMirrors()
    {
        Assert.All(["default", "external-redis"], name =>
        {
            var peers = Agent(AgentIn(name)).Peers;
            Assert.Equal((0, 0), (peers.Port, peers.MirrorPort));
            Assert.Empty(peers.MirrorRegistries);
        });
    }

    [Fact]
    public void NetworkPolicy_Peers_OnlyAgentsReachThePeerPort_MetricsOpen()
    {
        var overlay = overlays["peers"];
        var agent = overlay.Workload("layercache-agent");
        var policy = overlay.Get<V1NetworkPolicy>("layercache-agent", Namespace);
        var peers = Agent(AgentIn("peers")).Peers;

        Assert.True(Labels.Select(policy.Spec.PodSelector, agent.Template.Metadata.Labels));
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var peerRule = Assert.Single(policy.Spec.Ingress, r => r.Ports.Any(p => p.Port.Value == peers.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var from = Assert.Single(peerRule.FromProperty);
        Assert.True(Labels.Select(from.PodSelector, agent.Template.Metadata.Labels));
        Assert.Null(from.NamespaceSelector);
        // The mirror is for the node's own containerd, whose traffic NetworkPolicy always admits: no rule opens it.
        Assert.DoesNotContain(policy.Spec.Ingress, r => r.Ports.Any(p => p.Port.Value == peers.MirrorPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(policy.Spec.Ingress, r => r.FromProperty is null && r.Ports.Any(p => p.Port.Value == "9464"));
    }

    [Fact]
    public void Coordinator_Peers_PricesTheSiteAndSeedsEachSiteFirst()
    {
        var coordinator = ServiceContainer.In(overlays).Single(s => s.Overlay.Name == "peers" && s.Workload.Name == "layercache-coordinator");

        Assert.True(double.Parse(coordinator.Settings.Configuration["Coordinator:LanBytesPerSecond"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("true", coordinator.Settings.Configuration["Planner:SeedEachSiteFirst"]);
    }

    private ServiceContainer AgentIn(string overlay) =>
        ServiceContainer.In(overlays).Single(s => s.Overlay.Name == overlay && s.Workload.Name == "layercache-agent");

    private static AgentOptions Agent(ServiceContainer agent) =>
        agent.Settings.Configuration.GetSection(AgentOptions.Section).Get<AgentOptions>() ?? throw new InvalidOperationException("no Agent section");
}
