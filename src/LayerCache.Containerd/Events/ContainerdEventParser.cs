using Google.Protobuf;
using LayerCache.Core.Model;
using EventsApi = LayerCache.Containerd.Api.Events;

namespace LayerCache.Containerd;

/// <summary>
/// Turns an envelope into a typed event. containerd's type URLs are bare message names without the
/// <c>type.googleapis.com/</c> prefix, and image events live in the images package, not the events one,
/// so this matches on the last segment of the name. Anything else becomes an <see cref="UnknownEvent"/>.
/// </summary>
public static class ContainerdEventParser
{
    public static ContainerdEvent Parse(EventsApi.Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var topic = envelope.Topic;
        var ns = envelope.Namespace;
        var at = envelope.Timestamp is null ? DateTimeOffset.MinValue : envelope.Timestamp.ToDateTimeOffset();
        var typeUrl = envelope.Event?.TypeUrl ?? string.Empty;
        var data = envelope.Event?.Value ?? ByteString.Empty;
        var name = typeUrl[(typeUrl.LastIndexOfAny(['.', '/']) + 1)..];

        try
        {
            return name switch
            {
                "ImageCreate" => new ImageEvent(topic, ns, at, ImageEventKind.Created, EventsApi.ImageCreate.Parser.ParseFrom(data).Name),
                "ImageUpdate" => new ImageEvent(topic, ns, at, ImageEventKind.Updated, EventsApi.ImageUpdate.Parser.ParseFrom(data).Name),
                "ImageDelete" => new ImageEvent(topic, ns, at, ImageEventKind.Deleted, EventsApi.ImageDelete.Parser.ParseFrom(data).Name),
                "ContainerCreate" => ContainerCreated(topic, ns, at, EventsApi.ContainerCreate.Parser.ParseFrom(data)),
                "ContainerUpdate" => ContainerUpdated(topic, ns, at, EventsApi.ContainerUpdate.Parser.ParseFrom(data)),
                "ContainerDelete" => new ContainerEvent(topic, ns, at, ContainerEventKind.Deleted, EventsApi.ContainerDelete.Parser.ParseFrom(data).Id, string.Empty),
                "ContentDelete" => ContentDeleted(topic, ns, at, typeUrl, EventsApi.ContentDelete.Parser.ParseFrom(data)),
                "SnapshotPrepare" => new SnapshotEvent(topic, ns, at, SnapshotEventKind.Prepared, EventsApi.SnapshotPrepare.Parser.ParseFrom(data).Key),
                "SnapshotCommit" => SnapshotCommitted(topic, ns, at, EventsApi.SnapshotCommit.Parser.ParseFrom(data)),
                "SnapshotRemove" => new SnapshotEvent(topic, ns, at, SnapshotEventKind.Removed, EventsApi.SnapshotRemove.Parser.ParseFrom(data).Key),
                _ => new UnknownEvent(topic, ns, at, typeUrl),
            };
        }
        catch (InvalidProtocolBufferException)
        {
            return new UnknownEvent(topic, ns, at, typeUrl);
        }
    }

    private static ContainerEvent ContainerCreated(string topic, string ns, DateTimeOffset at, EventsApi.ContainerCreate payload) =>
        new(topic, ns, at, ContainerEventKind.Created, payload.Id, payload.Image);

    private static ContainerEvent ContainerUpdated(string topic, string ns, DateTimeOffset at, EventsApi.ContainerUpdate payload) =>
        new(topic, ns, at, ContainerEventKind.Updated, payload.Id, payload.Image);

    private static SnapshotEvent SnapshotCommitted(string topic, string ns, DateTimeOffset at, EventsApi.SnapshotCommit payload) =>
        new(topic, ns, at, SnapshotEventKind.Committed, payload.Name) { ActiveKey = payload.Key };

    private static ContainerdEvent ContentDeleted(string topic, string ns, DateTimeOffset at, string typeUrl, EventsApi.ContentDelete payload) =>
        Digest.TryParse(payload.Digest, out var digest)
            ? new ContentDeletedEvent(topic, ns, at, digest)
            : new UnknownEvent(topic, ns, at, typeUrl);
}
