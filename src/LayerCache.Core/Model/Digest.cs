using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace LayerCache.Core.Model;

/// <summary>
/// A validated content address, <c>sha256:</c> followed by 64 lower-case hex digits.
/// The hash code is computed once, because digests are dictionary keys on every hot path.
/// </summary>
public readonly struct Digest : IEquatable<Digest>
{
    private const string Prefix = "sha256:";
    private const int Length = 71;

    private readonly string? _value;
    private readonly int _hash;

    private Digest(string value)
    {
        _value = value;
        _hash = StringComparer.Ordinal.GetHashCode(value);
    }

    public string Value => _value ?? throw new InvalidOperationException("The digest is uninitialised.");

    /// <summary>The 64 hex digits after <c>sha256:</c>.</summary>
    public string Hex => Value[Prefix.Length..];

    public static Digest Parse(string text)
    {
        if (!TryParse(text, out var digest, out var error))
        {
            throw new FormatException(error);
        }

        return digest;
    }

    public static bool TryParse(string? text, out Digest digest) => TryParse(text, out digest, out _);

    public static bool TryParse(string? text, out Digest digest, [NotNullWhen(false)] out string? error)
    {
        digest = default;
        if (text is null)
        {
            error = "a digest is required";
            return false;
        }

        if (text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"'{Truncate(text)}' is not a digest: expected sha256: and 64 hex digits";
            return false;
        }

        for (var i = Prefix.Length; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                error = $"'{Truncate(text)}' is not a digest: character {i} is not a lower-case hex digit";
                return false;
            }
        }

        digest = new Digest(text);
        error = null;
        return true;
    }

    /// <summary>The digest of <paramref name="content"/>: what a content store or registry addresses it by.</summary>
    public static Digest Of(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    /// <summary>The digest of the SHA-256 hash given as raw bytes.</summary>
    public static Digest FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A SHA-256 hash is 32 bytes.", nameof(sha256));
        }

        return new Digest(Prefix + Convert.ToHexStringLower(sha256));
    }

    public bool Equals(Digest other) =>
        _hash == other._hash && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Digest other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => _value ?? string.Empty;

    /// <summary>The short form used in logs and tables: the first 12 hex digits.</summary>
    public string ToShortString() => _value is null ? string.Empty : _value.Substring(Prefix.Length, 12);

    public static bool operator ==(Digest left, Digest right) => left.Equals(right);

    public static bool operator !=(Digest left, Digest right) => !left.Equals(right);

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
