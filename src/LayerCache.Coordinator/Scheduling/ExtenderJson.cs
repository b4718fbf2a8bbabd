using System.Text.Json.Serialization;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>
/// Source-generated JSON for the extender protocol. Reading matches keys case-insensitively (as Go's encoding/json
/// does) and skips fields it does not know; writing keeps the Go field names.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ExtenderArgs))]
[JsonSerializable(typeof(ExtenderFilterResult))]
[JsonSerializable(typeof(ExtenderError))]
public sealed partial class ExtenderJson : JsonSerializerContext;
