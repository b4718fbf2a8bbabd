using System.Text;
using LayerCache.Cluster.Tests.Support;

namespace LayerCache.Cluster.Tests;

/// <summary>Orders signed over their stored bytes with keys from a directory of files, as a mounted Secret holds them.</summary>
public sealed class OrderKeysTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"schema\":1,\"id\":\"o-1\",\"node\":\"edge-a\"}");

    private readonly string _directory = Directory.CreateTempSubdirectory("layercache-order-keys-").FullName;

    [Fact]
    public void Sign_ThenCheck_WithTheSameKeys_Passes()
    {
        Write("k1", "0123456789abcdef0123456789abcdef");
        var keys = OrderKeys.Load(_directory, signs: true);

        var signature = keys.Sign(Payload);

        Assert.StartsWith("k1:", signature, StringComparison.Ordinal);
        Assert.Null(keys.Check(Payload, signature));
        Assert.Null(OrderKeys.Load(_directory).Check(Payload, signature));
    }

    [Fact]
    public void Check_RefusesUnsignedChangedForgedAndMalformed()
    {
        Write("k1", "0123456789abcdef0123456789abcdef");
        var keys = OrderKeys.Load(_directory, signs: true);
        var signature = keys.Sign(Payload);
        var changed = Encoding.UTF8.GetBytes("{\"schema\":1,\"id\":\"o-1\",\"node\":\"edge-b\"}");
        var forger = Directory.CreateTempSubdirectory("layercache-forger-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(forger, "k1"), "not-the-key-but-as-long-as-one");
            var forged = OrderKeys.Load(forger, signs: true).Sign(Payload);

            Assert.Equal("unsigned", keys.Check(Payload, null));
            Assert.Equal("unsigned", keys.Check(Payload, ""));
            Assert.Equal("a signature that does not match", keys.Check(changed, signature));
            Assert.Equal("a signature that does not match", keys.Check(Payload, forged));
            Assert.Contains("which this node does not have", keys.Check(Payload, "k9" + signature[2..]), StringComparison.Ordinal);
            Assert.Equal("a signature that is not KEYID:BASE64", keys.Check(Payload, "k1:not base64!"));
            Assert.Equal("a signature that is not KEYID:BASE64", keys.Check(Payload, "no-separator"));
            Assert.Equal("a signature that is not KEYID:BASE64", keys.Check(Payload, "k1:" + Convert.ToBase64String(new byte[8])));
        }
        finally
        {
            Directory.Delete(forger, recursive: true);
        }
    }

    [Fact]
    public void Load_SkipsSecretBookkeepingAndShortKeys_AndSaysWhatIsWrong()
    {
        Write("..data", "0123456789abcdef0123456789abcdef");
        Write("short", "too short");

        var e = Assert.Throws<InvalidOperationException>(() => OrderKeys.Load(_directory));
        Assert.Contains("no order key", e.Message, StringComparison.Ordinal);
        Assert.Contains("short: under 16 bytes", e.Message, StringComparison.Ordinal);

        Write("k1", "0123456789abcdef0123456789abcdef\n");
        Write("k2", "fedcba9876543210fedcba9876543210");
        var several = Assert.Throws<InvalidOperationException>(() => OrderKeys.Load(_directory, signs: true));
        Assert.Contains("name the one to sign with", several.Message, StringComparison.Ordinal);
        Assert.Contains("'k3' is not in", Assert.Throws<InvalidOperationException>(() => OrderKeys.Load(_directory, "k3", signs: true)).Message, StringComparison.Ordinal);

        // A key written with a trailing newline is the same key as without it.
        File.Delete(Path.Combine(_directory, "k2"));
        var withNewline = OrderKeys.Load(_directory, "k1", signs: true).Sign(Payload);
        Write("k1", "0123456789abcdef0123456789abcdef");
        Assert.Null(OrderKeys.Load(_directory).Check(Payload, withNewline));
    }

    [Fact]
    public void Rotation_AKeyAddedToTheDirectory_IsAcceptedOnceTheKeysAreReadAgain()
    {
        Write("old", "0123456789abcdef0123456789abcdef");
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var reader = OrderKeys.Load(_directory, time: time);
        Write("new", "fedcba9876543210fedcba9876543210");
        var signedWithNew = OrderKeys.Load(_directory, "new", signs: true).Sign(Payload);

        Assert.Contains("which this node does not have", reader.Check(Payload, signedWithNew), StringComparison.Ordinal);

        time.Advance(OrderKeys.RefreshInterval);
        Assert.Null(reader.Check(Payload, signedWithNew));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string id, string key) => File.WriteAllText(Path.Combine(_directory, id), key);
}
