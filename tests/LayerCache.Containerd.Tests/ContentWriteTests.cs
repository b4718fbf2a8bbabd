using LayerCache.Testing.Containerd;

namespace LayerCache.Containerd.Tests;

public sealed class ContentWriteTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task WriteContent_ThenInfoAndRead_RoundTripsBytesAndLabels()
    {
        using var root = containerd.CreateClient();
        var client = await LeasedAsync(root);
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(3 * MiB + 17);
        var labels = new Dictionary<string, string> { ["layercache.test/origin"] = "round-trip" };

        using var source = new MemoryStream(bytes);
        var result = await client.WriteContentAsync("layer-" + digest, digest, bytes.Length, source, labels, CancellationToken.None);

        Assert.False(result.AlreadyExisted);
        Assert.Equal(0, result.ResumedFromOffset);
        var info = await client.ContentInfoAsync(digest, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(bytes.Length, info.SizeBytes);
        Assert.Equal("round-trip", info.Labels["layercache.test/origin"]);
        Assert.Equal(bytes, await client.ReadAllContentAsync(digest, CancellationToken.None));
        Assert.Contains(await client.ListContentAsync(CancellationToken.None), c => c.Digest == digest);
    }

    [Fact]
    public async Task WriteContent_WithWrongExpectedDigest_CommitsNothingAndSaysWhy()
    {
        using var root = containerd.CreateClient();
        var client = await LeasedAsync(root);
        var (bytes, actual) = SyntheticImageWriter.RandomBlob(64 * 1024);
        var (_, claimed) = SyntheticImageWriter.RandomBlob(16);
        var reference = "layer-" + claimed;

        using var source = new MemoryStream(bytes);
        var error = await Assert.ThrowsAsync<ContentCommitException>(
            () => client.WriteContentAsync(reference, claimed, bytes.Length, source, cancellationToken: CancellationToken.None));

        Assert.Equal(claimed, error.Expected);
        Assert.Contains("digest", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await client.ContentInfoAsync(claimed, CancellationToken.None));
        Assert.Null(await client.ContentInfoAsync(actual, CancellationToken.None));
        Assert.Null(await client.WriteStatusAsync(reference, CancellationToken.None));
    }

    [Fact]
    public async Task WriteContent_AfterAnInterruptedWrite_ResumesFromTheStatOffset()
    {
        using var root = containerd.CreateClient();
        var client = await LeasedAsync(root);
        const int Chunk = ContainerdClient.WriteChunkBytes;
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(3 * Chunk);
        var reference = "layer-" + digest;
        var breakAt = Chunk + (Chunk / 2);

        await Assert.ThrowsAsync<IOException>(() => client.WriteContentAsync(
            reference, digest, bytes.Length, new FailingStream(bytes, breakAt), cancellationToken: CancellationToken.None));
        // Chunks go whole: the half chunk read before the source failed was never sent.
        var status = await WaitForStatusAsync(client, reference);
        Assert.Equal(Chunk, status.Offset);

        using var source = new MemoryStream(bytes);
        var result = await client.WriteContentAsync(reference, digest, bytes.Length, source, cancellationToken: CancellationToken.None);

        Assert.Equal(Chunk, result.ResumedFromOffset);
        Assert.Equal(bytes, await client.ReadAllContentAsync(digest, CancellationToken.None));
        Assert.Null(await client.WriteStatusAsync(reference, CancellationToken.None));
    }

    [Fact]
    public async Task WriteContent_OfABlobAlreadyStored_SendsNothing()
    {
        using var root = containerd.CreateClient();
        var client = await LeasedAsync(root);
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(1000);
        await client.WriteContentAsync("first-" + digest.Hex, digest, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);

        var again = await client.WriteContentAsync("second-" + digest.Hex, digest, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);

        Assert.True(again.AlreadyExisted);
    }

    [Fact]
    public async Task DeleteContent_RemovesTheBlobOnceAndThenReportsItAbsent()
    {
        using var root = containerd.CreateClient();
        var client = await LeasedAsync(root);
        var (bytes, digest) = SyntheticImageWriter.RandomBlob(1000);
        await client.WriteContentAsync("delete-" + digest.Hex, digest, bytes.Length, new MemoryStream(bytes), cancellationToken: CancellationToken.None);

        Assert.True(await client.DeleteContentAsync(digest, CancellationToken.None));
        Assert.False(await client.DeleteContentAsync(digest, CancellationToken.None));
        Assert.Null(await client.ContentInfoAsync(digest, CancellationToken.None));
    }

    // Unreferenced content is fair game for containerd's background GC, which other tests' deletes trigger.
    private static async Task<ContainerdClient> LeasedAsync(ContainerdClient client)
    {
        var lease = await client.CreateLeaseAsync(null, new Dictionary<string, string>
        {
            [ContainerdLabels.GcExpire] = ContainerdLabels.ExpiryValue(DateTimeOffset.UtcNow.AddMinutes(10)),
        }, CancellationToken.None);
        return client.WithLease(lease.Id);
    }

    private static async Task<ContentWriteStatus> WaitForStatusAsync(ContainerdClient client, string reference)
    {
        // The interrupted stream releases the ref's lock when containerd notices the cancel.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var status = await client.WriteStatusAsync(reference, CancellationToken.None);
            if (status is not null)
            {
                return status;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"No write status for {reference}.");
    }
}
