using LayerCache.Cluster;
using LayerCache.Testing.Registry;

namespace LayerCache.Images.Tests;

/// <summary>The agent's image, run by containerd the way deploy/base/agent/daemonset.yaml runs it, on a real node.</summary>
[Collection(ImagesCollection.Name)]
public sealed class AgentImageTests(ImageNode node)
{
    [Fact]
    public async Task AgentImage_RunAsTheDaemonSetRunsIt_ReportsTheNodesImageAndLayersToRedis()
    {
        const string nodeName = "image-node";
        const string id = "layercache-agent-test";
        var builder = new OciImageBuilder(seed: 9001);
        var pulled = builder.CreateImage(builder.CreateLayers(60_000, 30_000));
        var reference = node.Registry.Reference("images/app:v1");
        using (var registry = node.Registry.CreateClient())
        {
            await OciImageBuilder.PushAsync(registry, reference, pulled);
        }

        using (var containerd = node.Containerd.CreateClient())
        {
            await containerd.PullImageAsync(reference.ToString());
        }

        var port = ImageNode.FreeLoopbackPort();
        var settings = node.Settings("agent", s =>
        {
            s["Agent"]!["Redis"] = node.Redis.Endpoint;
            s["Urls"] = $"http://127.0.0.1:{port}";
        });
        var image = await node.ImportAsync("agent");
        var log = Path.Combine(node.Directory, "agent.log");

        // As the DaemonSet: as root (the image's user), with containerd's socket folder at /run/containerd, its root
        // read-only at /var/lib/containerd (where the agent sizes its budget), and NODE_NAME. The fixture keeps both in
        // one folder.
        await node.Ctr.StartAsync(id, image, log,
        [
            .. Ctr.AsTheManifestsRunIt(settings), "--env", $"NODE_NAME={nodeName}",
            "--mount", $"type=bind,src={node.Containerd.Directory},dst=/run/containerd,options=bind:rw",
            "--mount", $"type=bind,src={node.Containerd.Directory},dst=/var/lib/containerd,options=rbind:ro",
        ]);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
            await Poll.UntilOkAsync(http, "readyz", () => $"the agent's output:\n{node.LogTail(log)}");

            using var redis = await node.Redis.ConnectAsync();
            var reader = new InventoryReader(redis, new ClusterStoreOptions());
            var reported = await Poll.UntilAsync(
                async () => (await reader.ReadSnapshotAsync(nodeName, CancellationToken.None))?.Snapshot.Images.FirstOrDefault(i => i.ManifestDigest == pulled.ManifestDigest),
                Poll.Ceiling,
                () => $"the agent did not report {reference} to Redis. Its output:\n{node.LogTail(log)}");
            Assert.Equal(pulled.Layers.Select(l => l.Digest), reported.Layers.Select(l => l.Digest));
            Assert.Equal(pulled.Layers.Select(l => l.SizeBytes), reported.Layers.Select(l => l.SizeBytes));
            var heartbeat = await Poll.UntilAsync(
                async () => (await reader.ReadNodesAsync(CancellationToken.None)).FirstOrDefault(n => n.Node == nodeName),
                Poll.Ceiling,
                () => "the agent sent no heartbeat");
            // The image's own settings say Lru; the mounted ones (the kustomize base's) ClusterAware.
            Assert.Equal("clusteraware", heartbeat.EvictionPolicy);

            var status = await ProcessStatus.ReadAsync(node.Ctr, id);
            Assert.Equal("0", status.Uid);
            Assert.Equal(0UL, status.EffectiveCapabilities);
        }
        finally
        {
            await node.Ctr.RemoveAsync(id);
        }
    }
}
