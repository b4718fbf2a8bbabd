namespace LayerCache.Agent.Tests.Support;

/// <summary>A tmpfs of a given size mounted on a fresh temporary directory (the tests run as root), unmounted on dispose.</summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private TmpfsMount(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static async Task<TmpfsMount> CreateAsync(int sizeMiB)
    {
        var path = Directory.CreateTempSubdirectory("layercache-tmpfs-").FullName;
        var (code, output) = await NativeAgent.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={sizeMiB}m", "tmpfs", path]);
        Assert.True(code == 0, $"mounting a tmpfs on {path} failed: {output}");
        return new TmpfsMount(path);
    }

    public async ValueTask DisposeAsync()
    {
        await NativeAgent.RunAsync("umount", [Path]);
        Directory.Delete(Path, recursive: true);
    }
}
