using LayerCache.Containerd;
using LayerCache.Registry;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests.Support;

/// <summary>A real containerd and a real registry on loopback, with containerd trusting the registry over plain HTTP.</summary>
public class NodeEnvironment : IAsyncLifetime
{
    private int _seed = 1000;

    public NodeEnvironment()
        : this(new RegistryFixture())
    {
    }

    protected NodeEnvironment(RegistryFixture registry, ContainerdFixture? containerd = null)
    {
        Registry = registry;
        Containerd = containerd ?? new ContainerdFixture();
    }

    public ContainerdFixture Containerd { get; }

    public RegistryFixture Registry { get; }

    public async Task InitializeAsync()
    {
        await Registry.InitializeAsync();
        Containerd.TrustPlainHttpRegistry(Registry.Host);
        await Containerd.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Containerd.DisposeAsync();
        await Registry.DisposeAsync();
    }

    public ContainerdClient Client() => Containerd.CreateClient();

    /// <summary>Pushes an image of the given layers as <c>repository:tag</c> and returns it with its full reference.</summary>
    public async Task<(string Reference, TestImage Image)> PushAsync(string repositoryAndTag, IReadOnlyList<TestLayer> layers)
    {
        var image = new OciImageBuilder(Interlocked.Increment(ref _seed)).CreateImage(layers);
        var reference = Registry.Reference(repositoryAndTag);
        using var client = Registry.CreateClient();
        await OciImageBuilder.PushAsync(client, reference, image);
        return (reference.ToString(), image);
    }

    /// <summary>Random layers of the given file sizes (gzip'd tars), distinct from every other call's.</summary>
    public IReadOnlyList<TestLayer> Layers(params int[] fileSizes) => new OciImageBuilder(Interlocked.Increment(ref _seed)).CreateLayers(fileSizes);

    public static ImageReference Parse(string reference) => ImageReference.Parse(reference);
}
