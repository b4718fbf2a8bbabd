using Grpc.Core;
using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

/// <summary>
/// A write whose lease is replaced while it runs, as a holder that renews its lease by making a successor does:
/// containerd cannot extend a lease, so the old one is deleted under the write.
/// </summary>
public sealed class LeaseSuccessionTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    private const int Chunk = ContainerdClient.WriteChunkBytes;

    [Fact]
    public async Task WriteContent_WhoseLeaseIsDeletedMidWrite_CommitsUnderTheSuccessor_WhichKeepsTheBlob()
    {
        using var client = containerd.CreateClient();
        var (bytes, digest) = SyntheticImageWriter.RandomBlob((2 * Chunk) + 100);
        var reference = "layer-" + digest;
        var first = await client.CreateLeaseAsync("first-" + Guid.NewGuid().ToString("N"), ExpiresInAnHour(), CancellationToken.None);
        var second = await client.CreateLeaseAsync("second-" + Guid.NewGuid().ToString("N"), ExpiresInAnHour(), CancellationToken.None);
        await client.AddLeaseResourceAsync(second.Id, LeaseResource.Ingest(reference), CancellationToken.None);
        var asked = new List<string>();

        // After the first chunk went out, the first lease goes and a collection runs before the write goes on.
        using var source = new CallbackStream(bytes, Chunk, () =>
            Task.Run(() => client.DeleteLeaseAsync(first.Id, synchronousGc: true, CancellationToken.None)).GetAwaiter().GetResult());
        var result = await client.WriteContentAsync(
            reference,
            digest,
            bytes.Length,
            source,
            first.Id,
            (gone, _) =>
            {
                asked.Add(gone);
                return Task.FromResult<string?>(second.Id);
            },
            cancellationToken: CancellationToken.None);

        Assert.Equal([first.Id], asked);

        // The failed commit stored nothing and the ingest kept every byte: the successor's attempt only commits.
        Assert.False(result.AlreadyExisted);
        Assert.Equal(bytes.Length, result.ResumedFromOffset);
        Assert.Contains(digest, await client.ListLeaseContentAsync(second.Id, CancellationToken.None));
        await containerd.CollectGarbageAsync();
        Assert.Equal(bytes, await client.ReadAllContentAsync(digest, CancellationToken.None));
        await client.DeleteLeaseAsync(second.Id, synchronousGc: true, CancellationToken.None);
        Assert.Null(await client.ContentInfoAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task WriteContent_WhoseLeaseIsGone_WithNoSuccessor_FailsWithNotFoundAndCommitsNothing()
    {
        using var client = containerd.CreateClient();
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(64 * 1024);
        var gone = "gone-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.WriteContentAsync(
            "layer-" + digest, digest, bytes.Length, new MemoryStream(bytes), gone, (_, _) => Task.FromResult<string?>(null), cancellationToken: CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Null(await client.ContentInfoAsync(digest, CancellationToken.None));
    }

    private static Dictionary<string, string> ExpiresInAnHour() => ContainerdLabels.ExpiringAt(DateTimeOffset.UtcNow.AddHours(1));
}
