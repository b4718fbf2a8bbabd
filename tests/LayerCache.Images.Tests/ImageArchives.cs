namespace LayerCache.Images.Tests;

/// <summary>
/// The OCI archives of both images for this machine's architecture, as deploy/images/build.sh writes them. tests/run.sh
/// builds them before the tests and names their folder in <c>LAYERCACHE_IMAGES</c>; without it the first test to ask
/// runs build.sh itself (a few minutes), with its own buildah storage, deleted afterwards.
/// </summary>
internal sealed class ImageArchives : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);

    private readonly SemaphoreSlim _building = new(1, 1);
    private string? _directory;
    private string? _temporary;

    public async Task<string> AgentAsync() => Path.Combine(await DirectoryAsync(), FileName("agent"));

    public async Task<string> CoordinatorAsync() => Path.Combine(await DirectoryAsync(), FileName("coordinator"));

    public static string ImageName(string service) => $"ghcr.io/layercache/layercache-{service}:{Repository.Version}";

    public void Dispose()
    {
        if (_temporary is not null)
        {
            Directory.Delete(_temporary, recursive: true);
        }

        _building.Dispose();
    }

    private static string FileName(string service) => $"layercache-{service}_{Repository.Version}_{Repository.Architecture}.tar";

    private async Task<string> DirectoryAsync()
    {
        await _building.WaitAsync();
        try
        {
            return _directory ??= await FindOrBuildAsync();
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<string> FindOrBuildAsync()
    {
        var built = Environment.GetEnvironmentVariable("LAYERCACHE_IMAGES");
        if (!string.IsNullOrEmpty(built))
        {
            Assert.True(File.Exists(Path.Combine(built, FileName("agent"))), $"LAYERCACHE_IMAGES={built} holds no {FileName("agent")}");
            return built;
        }

        _temporary = Directory.CreateTempSubdirectory("layercache-images-").FullName;
        var output = Path.Combine(_temporary, "out");
        await Command.SucceedAsync(
            Repository.Path("deploy/images/build.sh"),
            ["--arch", Repository.Architecture, "--output", output, "--storage", Path.Combine(_temporary, "storage")],
            BuildTimeout);
        return output;
    }
}
