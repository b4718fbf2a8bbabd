namespace LayerCache.Cluster;

/// <summary>
/// A payload read from Redis that this build cannot use: it does not parse, breaks a rule of its type (a negative
/// size, a missing field), or was written by a newer schema. The reader skips it (and acknowledges it, for an order),
/// then reports it here; the component that owns the reader counts it and logs it. Nothing in it is acted on.
/// </summary>
/// <param name="Kind">What was being read: <c>node</c>, <c>snapshot</c>, <c>manifest</c>, <c>delta</c>, <c>order</c>, <c>outcome</c>.</param>
/// <param name="Key">Where it was: the stream entry id, or the key and field.</param>
/// <param name="Reason">What was wrong, for the log.</param>
public sealed record BadPayload(string Kind, string Key, string Reason)
{
    /// <summary>
    /// Whether an exception says a payload is bad rather than the reader broken: JSON that does not parse or does not
    /// fit its type, or values a model refuses (its constructors throw argument and format exceptions).
    /// </summary>
    public static bool IsBadData(Exception e) =>
        e is System.Text.Json.JsonException or ArgumentException or FormatException or InvalidCastException or NotSupportedException or OverflowException;
}
