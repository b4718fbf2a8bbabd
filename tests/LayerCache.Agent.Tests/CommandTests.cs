using System.Text.Json;
using LayerCache.Agent.Commands;
using LayerCache.Agent.Tests.Support;

namespace LayerCache.Agent.Tests;

/// <summary>The operator's one-shot commands against the real servers.</summary>
public sealed class CommandTests(NodeEnvironment environment) : IClassFixture<NodeEnvironment>
{
    [Fact]
    public async Task Prefetch_LayersOnly_PrintsEachFetchedLayerAndExitsZero()
    {
        var (reference, image) = await environment.PushAsync("command/app:v1", environment.Layers(100_000, 50_000));

        var (code, output, error) = await RunAsync("prefetch", "--image", reference, "--layers-only", "--plain-http");

        Assert.True(code == 0, error);
        foreach (var layer in image.Layers)
        {
            Assert.Contains($"fetched {layer.Digest} {layer.SizeBytes} ", output, StringComparison.Ordinal);
        }

        Assert.Contains($"prefetched layers of {reference}: 2 fetched", output, StringComparison.Ordinal);

        var (again, secondOutput, _) = await RunAsync("prefetch", "--image", reference, "--layers-only", "--plain-http");
        Assert.Equal(0, again);
        Assert.Contains("0 fetched (0 bytes), 2 already present", secondOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefetch_Image_PullsThroughCriAndInventoryJsonListsIt()
    {
        var (reference, image) = await environment.PushAsync("command/pulled:v1", environment.Layers(80_000));

        var (code, output, error) = await RunAsync("prefetch", "--image", reference);
        Assert.True(code == 0, error);
        Assert.StartsWith($"pulled {reference} in ", output, StringComparison.Ordinal);

        var (inventoryCode, json, _) = await RunAsync("inventory", "--json");
        Assert.Equal(0, inventoryCode);
        using var document = JsonDocument.Parse(json);
        var entry = document.RootElement.GetProperty("images").EnumerateArray()
            .Single(i => i.GetProperty("manifest").GetString() == image.ManifestDigest.Value);
        Assert.Equal(reference, entry.GetProperty("reference").GetString());
        Assert.Equal(image.Layers[0].Digest.Value, entry.GetProperty("layers")[0].GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Prefetch_Unpack_PrintsEachLayerUnpacked_AndInventoryShowsThemUnpackedWithoutAnImage()
    {
        var (reference, image) = await environment.PushAsync("command/unpacked:v1", environment.Layers(90_000, 40_000));

        var (code, output, error) = await RunAsync("prefetch", "--image", reference, "--unpack", "--snapshotter", environment.Containerd.Snapshotter, "--plain-http");

        Assert.True(code == 0, error);
        foreach (var layer in image.Layers)
        {
            Assert.Contains($"unpacked {layer.Digest} {layer.SizeBytes}\n", output, StringComparison.Ordinal);
        }

        Assert.Contains($"unpacked {reference} ahead: 2 layers unpacked into {environment.Containerd.Snapshotter}", output, StringComparison.Ordinal);
        var (inventoryCode, json, _) = await RunAsync("inventory", "--json", "--snapshotter", environment.Containerd.Snapshotter);
        Assert.Equal(0, inventoryCode);
        using var document = JsonDocument.Parse(json);
        Assert.DoesNotContain(document.RootElement.GetProperty("images").EnumerateArray(), i => i.GetProperty("reference").GetString() == reference);
        var blobs = document.RootElement.GetProperty("prefetchedBlobs").EnumerateArray().ToDictionary(b => b.GetProperty("digest").GetString()!, b => b.GetProperty("unpacked").GetBoolean());
        Assert.All(image.Layers, l => Assert.True(blobs[l.Digest.Value]));
    }

    [Fact]
    public void Prefetch_LayersOnlyAndUnpack_IsABadCommandLine()
    {
        var error = Assert.Throws<ArgumentException>(() => AgentCommandLine.Parse(["prefetch", "--image", "registry.test/app:v1", "--layers-only", "--unpack"]));

        Assert.Contains("--layers-only and --unpack cannot be given together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefetch_UnknownImage_ExitsOneWithOneLineReason()
    {
        var (code, output, error) = await RunAsync("prefetch", "--image", $"{environment.Registry.Host}/command/missing:v1", "--layers-only", "--plain-http");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith("layercache-agent: prefetch failed: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Inventory_NoContainerdAtSocket_NamesTheSocketAndWhatToDo()
    {
        var command = AgentCommandLine.Parse(["inventory", "--socket", "/nonexistent/containerd.sock"])!;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await AgentCommands.RunAsync(command, output, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Equal(
            "layercache-agent: inventory failed: no containerd socket at /nonexistent/containerd.sock: start containerd, or give its socket with --socket PATH",
            error.ToString().TrimEnd('\n'));
    }

    [Fact]
    public async Task Inventory_PathThatIsNoSocket_NamesIt()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"not-containerd-{Guid.NewGuid():N}.sock");
        await File.WriteAllTextAsync(socket, "a file, not a socket");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            var code = await AgentCommands.RunAsync(AgentCommandLine.Parse(["inventory", "--socket", socket])!, output, error, CancellationToken.None);

            Assert.Equal(1, code);
            Assert.StartsWith($"layercache-agent: inventory failed: containerd at {socket}: ", error.ToString(), StringComparison.Ordinal);
            Assert.Single(error.ToString().TrimEnd('\n').Split('\n'));
        }
        finally
        {
            File.Delete(socket);
        }
    }

    [Fact]
    public void Parse_Inventory_SocketAndNamespaceDefaultToContainerdsOwn()
    {
        var command = AgentCommandLine.Parse(["inventory"])!;

        Assert.Equal(("inventory", "/run/containerd/containerd.sock", "k8s.io", false), (command.Verb, command.Socket, command.Namespace, command.Json));
    }

    [Theory]
    [InlineData("prefetch --socket /s --namespace k8s.io", "Option '--image' is required")]
    [InlineData("inventory --socket /s --namespace k8s.io --layers-only", "unknown option or argument '--layers-only' for inventory")]
    [InlineData("prefetch --socket", "Required argument missing for option: '--socket'")]
    [InlineData("inventroy --json", "unknown argument 'inventroy': settings read --Section:Setting=VALUE")]
    public void Parse_BadArguments_ClearError(string arguments, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => AgentCommandLine.Parse(arguments.Split(' ')));
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("--Agent:CacheBudgetBytes=1000")]
    [InlineData("--Agent:CacheBudgetBytes 1000 Logging:Format=json /Agent:Namespace k8s.io")]
    public void Parse_NoVerb_RunsAsService(string arguments) => Assert.Null(AgentCommandLine.Parse(arguments.Split(' ')));

    private async Task<(int Code, string Output, string Error)> RunAsync(string verb, params string[] rest)
    {
        var command = AgentCommandLine.Parse([verb, "--socket", environment.Containerd.SocketPath, "--namespace", environment.Containerd.Namespace, .. rest])!;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AgentCommands.RunAsync(command, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
