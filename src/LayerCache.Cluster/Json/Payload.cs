using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace LayerCache.Cluster.Json;

/// <summary>JSON payloads as Redis values, through the source-generated <see cref="ClusterJson"/> metadata.</summary>
internal static class Payload
{
    /// <summary>The field name of the JSON payload in every stream entry.</summary>
    public const string StreamField = "json";

    public static RedisValue Write<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.SerializeToUtf8Bytes(value, info);

    public static T Read<T>(RedisValue value, JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize((byte[])value!, info) ?? throw new JsonException($"A null {typeof(T).Name} in Redis.");

    /// <summary>The payload of a stream entry, or default when the entry has none (trimmed while pending).</summary>
    public static T? ReadEntry<T>(StreamEntry entry, JsonTypeInfo<T> info)
    {
        if (entry.IsNull)
        {
            return default;
        }

        var value = entry[StreamField];
        return value.IsNull ? default : Read(value, info);
    }
}
