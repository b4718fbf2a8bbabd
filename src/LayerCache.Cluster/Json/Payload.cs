using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace LayerCache.Cluster.Json;

/// <summary>
/// JSON payloads as Redis values, through the source-generated <see cref="ClusterJson"/> metadata. Every JSON object
/// written carries the schema version first, <c>{"schema":1,...}</c>; a payload without one is of the unversioned
/// format before it (version 0), which this build reads as it always did. Readers of earlier builds skip the
/// property, as they skip any they do not know, so a change that only adds fields keeps the version; a change an
/// earlier reader would misread raises it, and a build refuses a payload newer than it knows with a clear error
/// (the caller's bad-data handling decides what then). See docs/redis-schema.md.
/// </summary>
internal static class Payload
{
    /// <summary>The field name of the JSON payload in every stream entry.</summary>
    public const string StreamField = "json";

    /// <summary>
    /// The schema version this build writes by default: every payload whose format an earlier build reads right.
    /// </summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// The newest schema this build reads, and what it writes where an earlier build would misread a payload: an
    /// image stored by its manifest digest (on the node and in deltas) instead of with its layers.
    /// </summary>
    public const int ImagesByManifestVersion = 2;

    /// <summary>The property that carries it.</summary>
    public const string SchemaProperty = "schema";

    private static readonly byte[][] VersionProperties =
        [.. Enumerable.Range(0, ImagesByManifestVersion + 1).Select(v => Encoding.UTF8.GetBytes($"\"{SchemaProperty}\":{v}"))];

    public static RedisValue Write<T>(T value, JsonTypeInfo<T> info, int version = SchemaVersion) =>
        Versioned(JsonSerializer.SerializeToUtf8Bytes(value, info), version);

    public static T Read<T>(RedisValue value, JsonTypeInfo<T> info)
    {
        var bytes = (byte[])value!;
        var version = VersionOf(bytes);
        if (version > ImagesByManifestVersion)
        {
            throw new JsonException(
                $"A {typeof(T).Name} of schema {version} in Redis; this build reads up to {ImagesByManifestVersion}: a newer LayerCache wrote it (upgrade this component).");
        }

        return JsonSerializer.Deserialize(bytes, info) ?? throw new JsonException($"A null {typeof(T).Name} in Redis.");
    }

    /// <summary>
    /// Reads a payload that may be bad: false with the reason when it does not parse, breaks a rule of its type
    /// (a model's constructor refuses it) or is of a newer schema. Nothing else is caught.
    /// </summary>
    public static bool TryRead<T>(RedisValue value, JsonTypeInfo<T> info, [NotNullWhen(true)] out T? item, out string reason)
    {
        try
        {
            item = Read(value, info)!;
            reason = PayloadRules.Problem(item) ?? "";
            if (reason.Length > 0)
            {
                item = default;
                return false;
            }

            return true;
        }
        catch (Exception e) when (BadPayload.IsBadData(e))
        {
            item = default;
            reason = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The payload of a stream entry: true with it; false with an empty reason when the entry has none (trimmed
    /// while pending), or with what is wrong when it is bad (see <see cref="TryRead"/>).
    /// </summary>
    public static bool TryReadEntry<T>(StreamEntry entry, JsonTypeInfo<T> info, [NotNullWhen(true)] out T? item, out string reason)
    {
        if (entry.IsNull || entry[StreamField] is { IsNull: true })
        {
            item = default;
            reason = "";
            return false;
        }

        return TryRead(entry[StreamField], info, out item, out reason);
    }

    /// <summary>The JSON with the schema version as its first property when it is an object; arrays and scalars as they are.</summary>
    internal static byte[] Versioned(byte[] json, int version = SchemaVersion)
    {
        var property = VersionProperties[version];
        if (json.Length < 2 || json[0] != (byte)'{')
        {
            return json;
        }

        var empty = json[1] == (byte)'}';
        var versioned = new byte[json.Length + property.Length + (empty ? 0 : 1)];
        versioned[0] = (byte)'{';
        property.CopyTo(versioned, 1);
        var rest = 1 + property.Length;
        if (!empty)
        {
            versioned[rest++] = (byte)',';
        }

        json.AsSpan(1).CopyTo(versioned.AsSpan(rest));
        return versioned;
    }

    /// <summary>
    /// The schema version of a payload: its first property when that is <c>schema</c> (where this build writes it),
    /// else 0, the unversioned format before versions.
    /// </summary>
    internal static int VersionOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read()
            || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(SchemaProperty))
        {
            return 0;
        }

        if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version) || version < 0)
        {
            throw new JsonException($"The \"{SchemaProperty}\" of a payload in Redis must be a whole number of 0 or more.");
        }

        return version;
    }
}
