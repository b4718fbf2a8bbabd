using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LayerCache.Agent.Tests.Cluster;
using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests;

/// <summary>
/// The Native AOT binary, which is what ships, on the real servers: trimming and AOT compilation must not have cut
/// anything the agent needs (gRPC and protobuf to containerd, the registry client, its JSON, Redis).
/// </summary>
public sealed class NativeAgentTests(ClusterNodeEnvironment environment) : IClassFixture<ClusterNodeEnvironment>
{
    [Fact]
    public async Task Commands_PrefetchLayersThenInventoryJson_ListTheFetchedBlobs()
    {
        var binary = await NativeAgent.EnsurePublishedAsync();
        var (reference, image) = await environment.PushAsync("native/app:v1", environment.Layers(90_000, 40_000));
        string[] node = ["--socket", environment.Containerd.SocketPath, "--namespace", environment.Containerd.Namespace];

        var (code, output) = await NativeAgent.RunAsync(binary, ["prefetch", .. node, "--image", reference, "--layers-only", "--plain-http"]);
        Assert.True(code == 0, output);
        Assert.Contains($"prefetched layers of {reference}: 2 fetched", output, StringComparison.Ordinal);

        var (inventoryCode, json) = await NativeAgent.RunAsync(binary, ["inventory", .. node, "--json"]);
        Assert.True(inventoryCode == 0, json);
        using var document = JsonDocument.Parse(json);
        var blobs = document.RootElement.GetProperty("prefetchedBlobs").EnumerateArray()
            .ToDictionary(b => b.GetProperty("digest").GetString()!, b => b.GetProperty("sizeBytes").GetInt64());
        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer.SizeBytes, blobs[layer.Digest.Value]);
        }
    }

    [Fact]
    public async Task Service_WithRedis_IsReadyServesMetricsAndPublishesContainerdsInventory()
    {
        const string nodeName = "native-node";
        var binary = await NativeAgent.EnsurePublishedAsync();
        var (reference, image) = await environment.PushAsync("native/served:v1", environment.Layers(70_000));
        using var client = environment.Client();
        await client.PullImageAsync(reference);
        var port = FreeLoopbackPort();
        using var secret = new MountedSecret();
        secret.Update("""{"auths": {"registry.example.com": {"auth": "not base64"}}}""");

        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--Agent:ContainerdSocket={environment.Containerd.SocketPath}",
                $"--Agent:ContainerdRoot={environment.Containerd.Directory}",
                $"--Agent:Namespace={environment.Containerd.Namespace}",
                $"--Agent:NodeName={nodeName}",
                $"--Agent:Redis={environment.Redis.Endpoint}",
                "--Agent:HeartbeatInterval=00:00:00.200",
                $"--Agent:RegistryCredentialsFile={secret.FilePath}",
                $"--Agent:RegistryHostsDirectory={environment.Containerd.CertsDirectory}",
                "--urls", $"http://127.0.0.1:{port}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await Eventually.HoldsAsync(
                async () =>
                {
                    Assert.False(process.HasExited, $"the agent exited with {(process.HasExited ? process.ExitCode : 0)}");
                    try
                    {
                        using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative));
                        return ready.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(20),
                "the native agent was not ready");
            var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            Assert.Contains("# TYPE layercache_layers gauge", metrics, StringComparison.Ordinal);

            // The meter's listener, the process metrics and the runtime's own meter work in the Native AOT binary.
            Assert.Contains("layercache_build_info{service=\"agent\",version=\"", metrics, StringComparison.Ordinal);
            Assert.Contains("layercache_orders_received_total{kind=\"prefetch_layers\"} 0\n", metrics, StringComparison.Ordinal);
            Assert.Contains("\nprocess_resident_memory_bytes ", metrics, StringComparison.Ordinal);
            Assert.Contains("\ndotnet_gc_heap_total_allocated_bytes_total ", metrics, StringComparison.Ordinal);

            // A broken credentials Secret is counted, not fatal, in the shipped binary too.
            Assert.Contains("layercache_registry_config_errors_total{file=\"credentials\"} 1\n", metrics, StringComparison.Ordinal);

            using var redis = await environment.ConnectAsync();
            var reader = new InventoryReader(redis, new ClusterStoreOptions());
            var published = await Eventually.GetAsync(
                async () => await reader.ReadSnapshotAsync(nodeName, CancellationToken.None) is { } s && ClusterAssert.Holds(s.Snapshot, image.ManifestDigest) ? s : null,
                TimeSpan.FromSeconds(10),
                "the native agent did not publish the pulled image to Redis");
            await ClusterAssert.MatchesContainerdAsync(published.Snapshot, client);
            var heartbeat = await Eventually.GetAsync(
                async () => (await reader.ReadNodesAsync(CancellationToken.None)).FirstOrDefault(n => n.Node == nodeName), TimeSpan.FromSeconds(30), "no heartbeat");
            Assert.True(heartbeat.Sequence >= published.Sequence, $"heartbeat sequence {heartbeat.Sequence} < {published.Sequence}");

            // No budget set: a quarter of the filesystem under containerd's root, as statfs sizes it.
            Assert.Equal(await Statfs.SizeBytesAsync(environment.Containerd.Directory) / 4, heartbeat.CapacityBytes);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
