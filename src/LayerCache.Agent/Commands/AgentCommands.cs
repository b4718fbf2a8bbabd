using System.Buffers;
using System.Text;
using System.Text.Json;
using LayerCache.Core.Inventory;
using LayerCache.Agent.Inventory;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Prefetch;
using LayerCache.Agent.Registries;
using LayerCache.Agent.Unpack;
using LayerCache.Containerd;
using LayerCache.Hosting.Commands;
using LayerCache.Hosting.Metrics;
using LayerCache.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Commands;

/// <summary>
/// The one-shot commands: <c>prefetch</c> fetches an image (or its layers) onto the node and prints what it fetched;
/// <c>inventory</c> prints what the node holds. Exit code 0 on success, 1 with a one-line reason when the work failed, 2 for a bad setting.
/// </summary>
public static class AgentCommands
{
    public static async Task<int> RunAsync(AgentCommand command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The commands never evict, so they need no budget and no read of containerd's root.
        var options = new AgentOptions
        {
            ContainerdSocket = command.Socket, Namespace = command.Namespace, CacheBudgetBytes = long.MaxValue, Snapshotter = command.Snapshotter,
        };
        if (command.PlainHttp && command.Image is { } image && ImageReference.TryParse(image, out var parsed, out _))
        {
            options.PlainHttpRegistries.Add(parsed.Registry);
        }

        var validation = new AgentOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            await error.WriteLineAsync($"layercache-agent: {validation.FailureMessage}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }

        if (!File.Exists(options.ContainerdSocket))
        {
            await error.WriteLineAsync($"layercache-agent: {command.Verb} failed: no containerd socket at {options.ContainerdSocket}: start containerd, or give its socket with --socket PATH").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        using var client = AgentServiceCollectionExtensions.CreateContainerdClient(options);
        try
        {
            return command.Verb == "prefetch"
                ? await PrefetchAsync(command, options, client, output, error, cancellationToken).ConfigureAwait(false)
                : await InventoryAsync(command, options, client, output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RegistryException or ContentCommitException or UnpackException or Grpc.Core.RpcException or IOException or HttpRequestException or ArgumentException or FormatException)
        {
            var reason = e is Grpc.Core.RpcException rpc
                ? $"containerd at {options.ContainerdSocket}: {rpc.Status.StatusCode}: {rpc.Status.Detail}"
                : e.Message;
            await error.WriteLineAsync($"layercache-agent: {command.Verb} failed: {reason.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> PrefetchAsync(
        AgentCommand command, AgentOptions options, ContainerdClient client, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var wrapped = Options.Create(options);
        var metrics = new AgentMetrics(new MetricRegistry());
        using var registry = AgentRegistry.Create(options, metrics, new CommandWarnings(error));
        var lease = Lease(client, options);
        var node = new NodeState(wrapped, TimeProvider.System);
        using var prefetcher = new LayerPrefetcher(
            client,
            lease,
            registry,
            node,
            metrics,
            wrapped,
            NullLogger<LayerPrefetcher>.Instance);
        if (command.Unpack)
        {
            var unpacker = new ImageUnpacker(client, lease, prefetcher, registry, node, metrics, wrapped, NullLogger<ImageUnpacker>.Instance);
            var unpacked = await unpacker.UnpackAsync(command.Image!, cancellationToken).ConfigureAwait(false);
            foreach (var layer in unpacked.UnpackedLayers)
            {
                await output.WriteLineAsync($"unpacked {layer.Digest} {layer.SizeBytes}").ConfigureAwait(false);
            }

            await output.WriteLineAsync(
                $"unpacked {unpacked.Reference} ahead: {unpacked.UnpackedLayers.Count} layers unpacked into {options.Snapshotter}, {unpacked.FetchedBytes} bytes fetched in {unpacked.Transfer.TotalSeconds:F3}s, unpack {unpacked.Unpack.TotalSeconds:F3}s; chain {unpacked.TopChain}")
                .ConfigureAwait(false);
            return 0;
        }

        var report = command.LayersOnly
            ? await prefetcher.PrefetchLayersAsync(command.Image!, cancellationToken).ConfigureAwait(false)
            : await prefetcher.PrefetchImageAsync(command.Image!, cancellationToken).ConfigureAwait(false);
        foreach (var layer in report.Layers)
        {
            await output.WriteLineAsync(layer.AlreadyPresent
                ? $"present {layer.Layer.Digest} {layer.Layer.SizeBytes}"
                : $"fetched {layer.Layer.Digest} {layer.Layer.SizeBytes} {layer.Elapsed.TotalSeconds:F3}s").ConfigureAwait(false);
        }

        await output.WriteLineAsync(command.LayersOnly
            ? $"prefetched layers of {report.Reference}: {report.Layers.Count(l => !l.AlreadyPresent)} fetched ({report.FetchedBytes} bytes), {report.Layers.Count(l => l.AlreadyPresent)} already present, in {report.Elapsed.TotalSeconds:F3}s"
            : $"pulled {report.Reference} in {report.Elapsed.TotalSeconds:F3}s").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> InventoryAsync(AgentCommand command, AgentOptions options, ContainerdClient client, TextWriter output, CancellationToken cancellationToken)
    {
        var lease = Lease(client, options);
        var reader = new ContainerdInventoryReader(client, lease, new UnpackedChains(client, lease, Options.Create(options), NullLogger<UnpackedChains>.Instance), NullLogger.Instance);
        var inventory = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = inventory.Snapshot;
        if (command.Json)
        {
            await output.WriteLineAsync(InventoryJson(snapshot, inventory.Names)).ConfigureAwait(false);
            return 0;
        }

        foreach (var image in snapshot.Images)
        {
            var used = snapshot.ContainerImages.Count(c => c == image.Reference);
            await output.WriteLineAsync($"{image.Reference}  {image.ManifestDigest}  {image.DistinctLayers.Count} layers  {image.SizeBytes} bytes  {used} containers").ConfigureAwait(false);
        }

        var unpacked = inventory.UnpackedAhead.Where(c => c.Layer is not null).ToDictionary(c => c.Layer!.Value, c => c.Bytes);
        foreach (var blob in snapshot.LeasedBlobs)
        {
            await output.WriteLineAsync(unpacked.TryGetValue(blob.Digest, out var onDisk)
                ? $"prefetched  {blob.Digest}  {blob.SizeBytes} bytes  unpacked ({onDisk} bytes in {options.Snapshotter})"
                : $"prefetched  {blob.Digest}  {blob.SizeBytes} bytes").ConfigureAwait(false);
        }

        var layers = snapshot.Images.SelectMany(i => i.DistinctLayers).Concat(snapshot.LeasedBlobs).DistinctBy(l => l.Digest).ToList();
        await output.WriteLineAsync($"{snapshot.Images.Count} images, {layers.Count} layers, {layers.Sum(l => l.SizeBytes)} bytes").ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The agent's lease as a command uses it: what a prefetch fetches is held by a lease of the agent's that expires
    /// after Agent:LeaseTtl; a running agent takes it over at its next renewal.
    /// </summary>
    private static AgentLease Lease(ContainerdClient client, AgentOptions options) =>
        new(client, Options.Create(options), TimeProvider.System, NullLogger<AgentLease>.Instance);

    /// <summary>Written field by field, so the agent needs no reflection and publishes as Native AOT.</summary>
    private static string InventoryJson(InventorySnapshot snapshot, IReadOnlyDictionary<string, IReadOnlyList<string>> names)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("images");
            foreach (var image in snapshot.Images)
            {
                json.WriteStartObject();
                json.WriteString("reference", image.Reference);
                json.WriteStartArray("names");
                foreach (var name in names[image.Reference])
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
                json.WriteString("manifest", image.ManifestDigest?.Value);
                json.WriteNumber("sizeBytes", image.SizeBytes);
                json.WriteNumber("inUse", snapshot.ContainerImages.Count(c => c == image.Reference));
                json.WriteStartArray("layers");
                foreach (var layer in image.Layers)
                {
                    json.WriteStartObject();
                    json.WriteString("digest", layer.Digest.Value);
                    json.WriteNumber("sizeBytes", layer.SizeBytes);
                    json.WriteString("mediaType", layer.MediaType);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("prefetchedBlobs");
            foreach (var blob in snapshot.LeasedBlobs)
            {
                json.WriteStartObject();
                json.WriteString("digest", blob.Digest.Value);
                json.WriteNumber("sizeBytes", blob.SizeBytes);
                json.WriteBoolean("unpacked", snapshot.UnpackedBlobs.Contains(blob.Digest));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
