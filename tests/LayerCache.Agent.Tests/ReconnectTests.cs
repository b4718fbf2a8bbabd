using System.Net;
using LayerCache.Agent.Tests.Support;

namespace LayerCache.Agent.Tests;

/// <summary>containerd restarting under a running agent.</summary>
public sealed class ReconnectTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    [Fact]
    public async Task ContainerdKilledAndRestarted_NotReadyThenReconnectsAndResyncsWithoutRestarting()
    {
        var (reference, image) = await environment.PushAsync("reconnect/app:v1", environment.Layers(100_000));
        await using var agent = await AgentHost.StartAsync(environment);

        environment.Containerd.Kill();
        await agent.WaitUntilAsync(() => !agent.Readiness.IsReady, TimeSpan.FromSeconds(30), "the agent did not notice containerd was gone");
        var notReady = await agent.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.StartsWith("containerd: ", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        await environment.Containerd.StartAsync();
        await agent.WaitUntilAsync(() => agent.Readiness.IsReady, TimeSpan.FromSeconds(15), "the agent did not reconnect");

        // The agent follows containerd again: a pull after the restart shows up.
        using var client = environment.Client();
        await client.PullImageAsync(reference);
        await agent.WaitForNodeAsync(n => image.Layers.All(l => n.Cache.Contains(l.Digest)), TimeSpan.FromSeconds(30), "the image pulled after the restart did not appear");
        Assert.Contains("layercache_containerd_connected 1\n", agent.Metrics.Render(), StringComparison.Ordinal);
    }
}
