using LayerCache.Agent.Peers;

namespace LayerCache.Agent.Tests.Peers;

/// <summary>What the peer port, the mirror and the peer table take from the network and from Redis, read strictly.</summary>
public sealed class PeerInputTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("/v2/library/busybox/blobs/" + Digest, "library/busybox")]
    [InlineData("/v2/a/blobs/" + Digest, "a")]
    [InlineData("/v2/my-org/app.v2/sub_dir/x__y/blobs/" + Digest, "my-org/app.v2/sub_dir/x__y")]
    public void BlobPath_ABlobByDigest_IsRead(string path, string repository)
    {
        Assert.True(BlobPath.TryParse(path, out var name, out var digest));
        Assert.Equal(repository, name);
        Assert.Equal(Digest, digest.Value);
    }

    [Theory]
    [InlineData("/v2/library/busybox/manifests/latest")]
    [InlineData("/v2/library/busybox/blobs/latest")]
    [InlineData("/v2/library/busybox/blobs/sha512:0123")]
    [InlineData("/v2/library/busybox/blobs/sha256:0123")]
    [InlineData("/v2/Library/blobs/" + Digest)]
    [InlineData("/v2/../blobs/" + Digest)]
    [InlineData("/v2//blobs/" + Digest)]
    [InlineData("/v2/a/blobs/" + Digest + "/")]
    [InlineData("/v2/-a/blobs/" + Digest)]
    [InlineData("/v3/a/blobs/" + Digest)]
    [InlineData("")]
    [InlineData(null)]
    public void BlobPath_AnythingElse_IsRefused(string? path)
    {
        Assert.False(BlobPath.TryParse(path, out _, out _));
    }

    [Fact]
    public void BlobPath_AnOverlongName_IsRefused()
    {
        Assert.False(BlobPath.TryParse($"/v2/{string.Join('/', Enumerable.Repeat("abcdefgh", 60))}/blobs/{Digest}", out _, out _));
    }

    [Theory]
    [InlineData(null, 100, true, null, null)]
    [InlineData("bytes=0-9", 100, true, 0L, 10L)]
    [InlineData("bytes=90-", 100, true, 90L, 10L)]
    [InlineData("bytes=90-1000", 100, true, 90L, 10L)]
    [InlineData("bytes=-10", 100, true, 90L, 10L)]
    [InlineData("bytes=-1000", 100, true, 0L, 100L)]
    [InlineData("bytes=100-", 100, false, null, null)]
    [InlineData("bytes=-0", 100, false, null, null)]
    [InlineData("bytes=0-", 0, false, null, null)]
    [InlineData("bytes=5-2", 100, true, null, null)]
    [InlineData("bytes=0-9,20-29", 100, true, null, null)]
    [InlineData("bytes=a-b", 100, true, null, null)]
    [InlineData("bytes=+1-2", 100, true, null, null)]
    [InlineData("items=0-9", 100, true, null, null)]
    [InlineData("bytes=99999999999999999999-", 100, true, null, null)]
    public void ByteRange_EachForm_IsResolvedAgainstTheLength(string? header, long length, bool satisfiable, long? offset, long? count)
    {
        Assert.Equal(satisfiable, ByteRange.TryResolve(header, length, out var range));
        Assert.Equal(offset, range?.Offset);
        Assert.Equal(count, range?.Length);
    }

    [Theory]
    [InlineData("http://10.0.3.7:9465", true)]
    [InlineData("http://10.0.3.7:9465/", true)]
    [InlineData("https://node-a.site:443", true)]
    [InlineData("http://node-a", true)]
    [InlineData("http://10.0.3.7:9465/v2", false)]
    [InlineData("http://user:pass@10.0.3.7:9465", false)]
    [InlineData("http://10.0.3.7:9465?x=1", false)]
    [InlineData("ftp://10.0.3.7", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("10.0.3.7:9465", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void PeerAddress_OnlyAnHttpUrlOfAHostAndPort_IsUsed(string? text, bool usable)
    {
        Assert.Equal(usable, PeerAddress.TryParse(text, out _));
    }
}
