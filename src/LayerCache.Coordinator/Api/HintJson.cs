using System.Text.Json.Serialization;
using LayerCache.Coordinator.Hints;

namespace LayerCache.Coordinator.Api;

/// <summary>Source-generated JSON of the hints API, in camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HintResult))]
[JsonSerializable(typeof(ExplainedHints))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class HintJson : JsonSerializerContext;
