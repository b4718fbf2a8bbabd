using System.Globalization;

namespace LayerCache.Agent.Peers;

/// <summary>
/// The part of a blob a <c>Range</c> header asks for (RFC 9110, one range of bytes): <c>bytes=10-19</c>,
/// <c>bytes=10-</c>, <c>bytes=-10</c>. A header it cannot read, or one of several ranges, is ignored, as the RFC
/// allows, and the whole blob is the answer; a range that starts past the end cannot be satisfied (416).
/// </summary>
public readonly record struct ByteRange(long Offset, long Length)
{
    public long Last => Offset + Length - 1;

    /// <summary>False when the range cannot be satisfied; <paramref name="range"/> is null when the whole blob is asked for.</summary>
    public static bool TryResolve(string? header, long blobLength, out ByteRange? range)
    {
        range = null;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return true;
        }

        var spec = header.AsSpan("bytes=".Length).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return true;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // The last N bytes; none of an empty blob, or the last 0, cannot be satisfied.
            if (!TryNumber(last, out var suffix))
            {
                return true;
            }

            var length = Math.Min(suffix, blobLength);
            range = length > 0 ? new ByteRange(blobLength - length, length) : null;
            return length > 0;
        }

        var end = long.MaxValue;
        if (!TryNumber(first, out var start) || (!last.IsEmpty && (!TryNumber(last, out end) || end < start)))
        {
            return true;
        }

        if (start >= blobLength)
        {
            return false;
        }

        var stop = Math.Min(end, blobLength - 1);
        range = new ByteRange(start, stop - start + 1);
        return true;
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
