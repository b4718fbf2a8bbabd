using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Net.Client;
using LayerCache.Cluster;
using LayerCache.Coordinator.Rpc;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Images.Tests;

/// <summary>The coordinator's image, run by containerd the way deploy/base/coordinator/deployment.yaml runs it, on a real Redis.</summary>
[Collection(ImagesCollection.Name)]
public sealed class CoordinatorImageTests(ImageNode node)
{
    [Fact]
    public async Task CoordinatorImage_RunAsTheDeploymentRunsIt_IsHealthyReadyAndHintsFromRedisOverHttpAndGrpc()
    {
        const string id = "layercache-coordinator-test";
        const string nodeName = "hinted-node";
        var port = ImageNode.FreeLoopbackPort();
        var grpcPort = ImageNode.FreeLoopbackPort();
        var settings = node.Settings("coordinator", s =>
        {
            s["Redis"]!["Configuration"] = node.Redis.Endpoint;
            s["Coordinator"]!["GrpcPort"] = grpcPort;
            s["Coordinator"]!["GrpcBindAddress"] = "127.0.0.1";
            s["Urls"] = $"http://127.0.0.1:{port}";
        });
        var image = await node.ImportAsync("coordinator");
        var log = Path.Combine(node.Directory, "coordinator.log");

        // As the Deployment: as the image's user, which the manifest's runAsUser (1654) must be.
        await node.Ctr.StartAsync(id, image, log, Ctr.AsTheManifestsRunIt(settings));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
            Assert.Equal("ok\n", await Poll.UntilOkAsync(http, "healthz", () => $"the coordinator's output:\n{node.LogTail(log)}"));
            await Poll.UntilOkAsync(http, "readyz", () => $"the coordinator's output:\n{node.LogTail(log)}");

            // A node appears in Redis as an agent would publish it; the coordinator's view follows Redis.
            var layers = new[] { RandomLayer(4_000_000), RandomLayer(1_000_000) };
            var held = new ContainerImage("registry.example.com/team/app:v1", layers, RandomLayer(0).Digest);
            using var redis = await node.Redis.ConnectAsync();
            var publisher = new InventoryPublisher(redis, new ClusterStoreOptions(), nodeName);
            await publisher.PublishAsync(new InventorySnapshot([held], [], []), CancellationToken.None);
            await publisher.HeartbeatAsync(new NodeHeartbeat(nodeName, publisher.Sequence, 10_000_000_000, 0.9, 0.8, 50_000_000, "Lru", DateTimeOffset.UtcNow), CancellationToken.None);
            var hinted = await Poll.UntilAsync(
                async () =>
                {
                    var json = await http.GetStringAsync(new Uri($"v1/hints?image={held.Reference}&node={nodeName}", UriKind.Relative));
                    var hinted = JsonDocument.Parse(json).RootElement.GetProperty("nodes")[0];
                    // Known from its heartbeat a moment before its snapshot is read: wait for what it holds too.
                    return hinted.GetProperty("known").GetBoolean() && hinted.GetProperty("presentBytes").GetInt64() > 0 ? hinted.GetRawText() : null;
                },
                Poll.Ceiling,
                () => $"the coordinator's view never held {nodeName}. Its output:\n{node.LogTail(log)}");
            var hint = JsonDocument.Parse(hinted).RootElement;
            Assert.Equal(nodeName, hint.GetProperty("node").GetString());
            Assert.Equal(5_000_000, hint.GetProperty("presentBytes").GetInt64());

            // layercache.v1.Hints on its own HTTP/2 port, through the client generated with the service: the same node,
            // the same numbers.
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            var scored = await new Hints.HintsClient(channel).ScoreAsync(
                new ScoreRequest { Images = { held.Reference }, Nodes = { nodeName } }, deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.True(scored.Resolved);
            Assert.Equal(5_000_000, Assert.Single(scored.Images).SizeBytes);
            var scoredNode = Assert.Single(scored.Nodes);
            Assert.Equal(
                (nodeName, true, 5_000_000L, 0L, hint.GetProperty("score").GetInt32()),
                (scoredNode.Node, scoredNode.Known, scoredNode.PresentBytes, scoredNode.MissingBytes, scoredNode.Score));

            Assert.Equal("1654", (await ProcessStatus.ReadAsync(node.Ctr, id)).Uid);
        }
        finally
        {
            await node.Ctr.RemoveAsync(id);
        }
    }

    private static Layer RandomLayer(long size) => new(Digest.Parse("sha256:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))), size);
}
