using System.Text.Json.Serialization;
using LayerCache.Coordinator.Operators;

namespace LayerCache.Coordinator.Api;

/// <summary>Source-generated JSON of the operators' API (nodes, orders, prefetch), in camelCase with enums as strings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeList))]
[JsonSerializable(typeof(NodeDetail))]
[JsonSerializable(typeof(OrderList))]
[JsonSerializable(typeof(PrefetchRequest))]
[JsonSerializable(typeof(PrefetchResult))]
public sealed partial class OperatorJson : JsonSerializerContext;
