namespace LayerCache.Coordinator.Api;

/// <summary>Reads the query parameters of the operators' API: flags and bounded counts, with an error naming the parameter.</summary>
internal static class QueryFlags
{
    /// <summary>A flag: absent or empty is false; <c>true</c>, <c>false</c>, <c>1</c>, <c>0</c> (any case) are read; anything else is an error.</summary>
    public static bool TryRead(IQueryCollection query, string name, out bool value, out string error)
    {
        value = false;
        error = string.Empty;
        var raw = query[name].ToString();
        switch (raw.ToUpperInvariant())
        {
            case "" or "FALSE" or "0":
                return true;
            case "TRUE" or "1":
                value = true;
                return true;
            default:
                error = $"{name} must be true or false, not '{Clip(raw)}'";
                return false;
        }
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public static bool TryRead(IQueryCollection query, string name, int fallback, int min, int max, out int value, out string error)
    {
        value = fallback;
        error = string.Empty;
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return true;
        }

        if (int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = $"{name} must be a whole number from {min} to {max}, not '{Clip(raw)}'";
        return false;
    }

    /// <summary>What is echoed of a bad value: enough to recognise it, never a whole hostile string.</summary>
    public static string Clip(string raw) => raw.Length <= 64 ? raw : raw[..64] + "...";
}
