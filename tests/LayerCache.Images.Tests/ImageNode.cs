using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LayerCache.Testing.Redis;
using LayerCache.Testing.Registry;

namespace LayerCache.Images.Tests;

/// <summary>
/// One node as the images meet it: a real containerd (whose socket the agent's container mounts, as the DaemonSet mounts
/// the host's), a real Redis and a registry on loopback, and the images built from this tree. Shared by the tests of the
/// "images" collection, so the images are built and imported once.
/// </summary>
public sealed class ImageNode : IAsyncLifetime
{
    private readonly ImageArchives _archives = new();
    private readonly List<string> _imported = [];

    public ImageNode()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("layercache-image-node-").FullName;
    }

    /// <summary>Settings folders and container logs.</summary>
    public string Directory { get; }

    public ContainerdFixture Containerd { get; } = new();

    public RedisFixture Redis { get; } = new();

    public RegistryFixture Registry { get; } = new();

    internal Ctr Ctr => new(Containerd.SocketPath, Containerd.Namespace);

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        await Registry.InitializeAsync();
        Containerd.TrustPlainHttpRegistry(Registry.Host);
        await Containerd.InitializeAsync();
    }

    public Task<string> AgentArchiveAsync() => _archives.AgentAsync();

    public Task<string> CoordinatorArchiveAsync() => _archives.CoordinatorAsync();

    /// <summary>Imports the service's image (once) and returns its name, as the manifests name it.</summary>
    public async Task<string> ImportAsync(string service)
    {
        var name = ImageArchives.ImageName(service);
        if (!_imported.Contains(name))
        {
            await Ctr.ImportAsync(service == "agent" ? await _archives.AgentAsync() : await _archives.CoordinatorAsync());
            _imported.Add(name);
        }

        return name;
    }

    /// <summary>
    /// A folder holding the service's appsettings.json from the kustomize base with <paramref name="change"/> applied:
    /// what the ConfigMap mounts at /etc/layercache.
    /// </summary>
    public string Settings(string service, Action<JsonNode> change)
    {
        var settings = JsonNode.Parse(File.ReadAllText(Repository.Path($"deploy/base/{service}/appsettings.json")))!;
        change(settings);
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, service + "-settings")).FullName;
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), settings.ToJsonString());
        return folder;
    }

    /// <summary>The last lines a container wrote (its log file), for failure messages.</summary>
    public string LogTail(string log) => File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no output)";

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        foreach (var name in _imported)
        {
            await Ctr.RunAsync("images", "remove", name);
        }

        await Containerd.DisposeAsync();
        await Registry.DisposeAsync();
        await Redis.DisposeAsync();
        _archives.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
