namespace LayerCache.Registry;

/// <summary>
/// One TOML table as <see cref="TomlReader"/> reads it: keys in the order they were written (containerd tries
/// <c>[host."..."]</c> entries in file order), values that are <see cref="string"/>, <see cref="bool"/>,
/// <see cref="long"/>, <see cref="IReadOnlyList{T}"/> of values, or nested tables.
/// </summary>
internal sealed class TomlTable
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Whether a <c>[header]</c> named this table (a second header for it is an error), rather than a dotted key or a deeper header.</summary>
    public bool HasHeader { get; set; }

    public object? this[string key] => _values.GetValueOrDefault(key);

    /// <summary>Adds a key; false when the table already has it (TOML forbids defining a key twice).</summary>
    public bool TryAdd(string key, object value)
    {
        if (!_values.TryAdd(key, value))
        {
            return false;
        }

        _keys.Add(key);
        return true;
    }
}
