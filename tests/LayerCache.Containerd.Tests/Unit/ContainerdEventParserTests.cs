using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LayerCache.Containerd.Api.Events;

namespace LayerCache.Containerd.Tests.Unit;

public sealed class ContainerdEventParserTests
{
    [Fact]
    public void Parse_ABareTypeUrl_ReadsThePayload()
    {
        var envelope = Envelope("/snapshot/remove", "containerd.events.SnapshotRemove", new SnapshotRemove { Key = "k8s.io/12/sha256:abc" }.ToByteString());

        var parsed = ContainerdEventParser.Parse(envelope);

        var snapshot = Assert.IsType<SnapshotEvent>(parsed);
        Assert.Equal(SnapshotEventKind.Removed, snapshot.Kind);
        Assert.Equal("k8s.io/12/sha256:abc", snapshot.Key);
        Assert.Equal("k8s.io", snapshot.Namespace);
    }

    [Fact]
    public void Parse_ASnapshotCommit_NamesTheSnapshotAndTheActiveKeyItCommitted()
    {
        var envelope = Envelope("/snapshot/commit", "containerd.events.SnapshotCommit", new SnapshotCommit { Key = "extract-7-ab sha256:c1", Name = "sha256:c1" }.ToByteString());

        var snapshot = Assert.IsType<SnapshotEvent>(ContainerdEventParser.Parse(envelope));

        Assert.Equal(SnapshotEventKind.Committed, snapshot.Kind);
        Assert.Equal("sha256:c1", snapshot.Key);
        Assert.Equal("extract-7-ab sha256:c1", snapshot.ActiveKey);
    }

    [Fact]
    public void Parse_AnUnknownTypeUrl_YieldsAnUnknownEvent()
    {
        var parsed = ContainerdEventParser.Parse(Envelope("/tasks/exit", "containerd.events.TaskExit", ByteString.CopyFromUtf8("whatever")));

        var unknown = Assert.IsType<UnknownEvent>(parsed);
        Assert.Equal("containerd.events.TaskExit", unknown.TypeUrl);
        Assert.Equal("/tasks/exit", unknown.Topic);
    }

    [Fact]
    public void Parse_AnUnparseablePayload_YieldsAnUnknownEventInsteadOfThrowing()
    {
        var parsed = ContainerdEventParser.Parse(Envelope("/images/create", "containerd.services.images.v1.ImageCreate", ByteString.CopyFrom(0xFF, 0xFF, 0xFF)));

        Assert.IsType<UnknownEvent>(parsed);
    }

    [Fact]
    public void Parse_AContentDeleteWithAForeignDigest_YieldsAnUnknownEvent()
    {
        var payload = new ContentDelete { Digest = "sha512:" + new string('a', 128) }.ToByteString();

        Assert.IsType<UnknownEvent>(ContainerdEventParser.Parse(Envelope("/content/delete", "containerd.events.ContentDelete", payload)));
    }

    private static Envelope Envelope(string topic, string typeUrl, ByteString payload) => new()
    {
        Topic = topic,
        Namespace = "k8s.io",
        Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
        Event = new Any { TypeUrl = typeUrl, Value = payload },
    };
}
