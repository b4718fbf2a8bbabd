using System.Text.Json;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>Reads the node names of a v1 NodeList (<c>items[].metadata.name</c>), refusing anything not shaped like one.</summary>
internal static class NodeListNames
{
    public static bool TryRead(JsonElement nodeList, out List<string> names, out string? error)
    {
        names = [];
        error = null;
        if (nodeList.ValueKind != JsonValueKind.Object)
        {
            error = "Nodes must be a NodeList object";
            return false;
        }

        if (!TryGet(nodeList, "items", out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return true; // Go writes an empty slice as null: no candidates.
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            error = "Nodes.items must be an array";
            return false;
        }

        var i = 0;
        foreach (var node in items.EnumerateArray())
        {
            if (node.ValueKind != JsonValueKind.Object || !TryGet(node, "metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
                || !TryGet(metadata, "name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                error = $"Nodes.items[{i}].metadata.name must be a string";
                return false;
            }

            names.Add(name.GetString()!);
            i++;
        }

        return true;
    }

    /// <summary>A property by name, ignoring case, as Go's decoder matches it.</summary>
    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }
}
