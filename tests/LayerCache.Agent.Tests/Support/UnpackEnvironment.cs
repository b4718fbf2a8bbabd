using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests.Support;

/// <summary>
/// A node whose containerd unpacks into overlayfs, as a kubelet node's does, and a second such node that only ever
/// pulls, to hold up against it what unpacking ahead made; one registry. Images run <see cref="PauseProgram"/>.
/// </summary>
public sealed class UnpackEnvironment : NodeEnvironment, IAsyncLifetime
{
    public const string Snapshotter = "overlayfs";

    public UnpackEnvironment()
        : base(new RegistryFixture(), ContainerdFixture.WithSnapshotter(Snapshotter))
    {
    }

    /// <summary>The node that only pulls.</summary>
    public ContainerdFixture Plain { get; } = ContainerdFixture.WithSnapshotter(Snapshotter);

    /// <summary>The agent's settings for this node's snapshotter.</summary>
    public static Dictionary<string, string?> Settings => new() { ["Agent:Snapshotter"] = Snapshotter };

    public Ctr Ctr => new(Containerd.SocketPath, Containerd.Namespace, Snapshotter);

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Plain.TrustPlainHttpRegistry(Registry.Host);
        await Plain.InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Plain.DisposeAsync();
        await DisposeAsync();
    }

    /// <summary>An image whose base layer is the pause program (the same layer in every such image) and random layers above it.</summary>
    public async Task<(string Reference, TestImage Image)> PushRunnableAsync(string repositoryAndTag, params int[] fileSizes)
    {
        var program = OciImageBuilder.CreateLayer(PauseProgram.PathInImage, await PauseProgram.BytesAsync(), (UnixFileMode)0b111_101_101);
        return await PushAsync(repositoryAndTag, [program, .. Layers(fileSizes)]);
    }
}
