using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

public sealed class CriImageTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    [Fact]
    public async Task CriImageService_SeesAnImageRecordInK8sNamespace_AndRemoveImageDeletesEveryRecordOfIt()
    {
        using var client = containerd.CreateClient();
        var written = await SyntheticImageWriter.WriteAsync(client, "registry.test/app/cri:1");

        // The CRI plugin learns of the image from its create event, and adds a record named by the image id.
        var status = await EventuallyAsync(() => client.ImageStatusAsync(written.Name, CancellationToken.None));
        Assert.Equal(written.ConfigDigest.Value, status.Id);
        Assert.Contains(written.Name, status.RepoTags);
        Assert.Contains(await client.ListCriImagesAsync(CancellationToken.None), i => i.Id == status.Id);
        Assert.Contains(await client.ListImagesAsync(CancellationToken.None), i => i.Name == written.ConfigDigest.Value);

        await client.RemoveImageAsync(written.Name, CancellationToken.None);

        Assert.Null(await client.ImageStatusAsync(written.Name, CancellationToken.None));
        var left = await client.ListImagesAsync(CancellationToken.None);
        Assert.DoesNotContain(left, i => i.Name == written.Name || i.Name == written.ConfigDigest.Value);
        await containerd.CollectGarbageAsync();
        Assert.Null(await client.ContentInfoAsync(written.ManifestDigest, CancellationToken.None));
    }

    [Fact]
    public async Task ImageFilesystemUsage_ReportsTheSnapshotterDirectory()
    {
        using var client = containerd.CreateClient();

        var usage = await client.ImageFilesystemUsageAsync(CancellationToken.None);

        Assert.Contains(usage, u => u.Mountpoint.StartsWith(containerd.Directory, StringComparison.Ordinal));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("The condition did not hold within 2.5 s.");
    }
}
