using System.Text.Json.Serialization;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;

namespace LayerCache.Cluster.Json;

/// <summary>
/// Every payload written to Redis, as source-generated System.Text.Json: camelCase, enums as strings, digests as
/// strings, images as what their constructor takes. Reading refuses an explicit null where the type says none may be;
/// a property left out (as nulls are when written) is checked by <see cref="PayloadRules"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,

    // Orders carry their kind after the schema version (and, as written before kinds were types, after other fields).
    AllowOutOfOrderMetadataProperties = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(DigestJsonConverter), typeof(ContainerImageJsonConverter)])]
[JsonSerializable(typeof(NodeHeartbeat))]
[JsonSerializable(typeof(InventoryDelta))]
[JsonSerializable(typeof(InventorySnapshot))]
[JsonSerializable(typeof(NodeOrder))]
[JsonSerializable(typeof(OrderOutcome))]
[JsonSerializable(typeof(ContainerImage))]
[JsonSerializable(typeof(ImageByManifest))]
[JsonSerializable(typeof(Layer))]
[JsonSerializable(typeof(Digest))]
[JsonSerializable(typeof(IReadOnlyList<Layer>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
public sealed partial class ClusterJson : JsonSerializerContext;
