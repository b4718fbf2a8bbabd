using System.Security.Cryptography;

namespace LayerCache.Cluster;

/// <summary>
/// The keys that authenticate orders: HMAC-SHA256 over the order's payload exactly as it is stored in Redis, so the
/// signed bytes and the read bytes are the same without a canonical form to agree on. The keys live in a directory, one
/// file per key named by its id (a mounted Kubernetes Secret); they are read again when <see cref="RefreshInterval"/>
/// has passed, so a key added to the Secret is accepted without a restart. To rotate: add the new key, wait for the
/// agents to see it, sign with it, then remove the old one.
/// </summary>
public sealed class OrderKeys
{
    /// <summary>Shorter keys are refused: 16 bytes is the least HMAC-SHA256 should be given.</summary>
    public const int MinKeyBytes = 16;

    /// <summary>How the signature field of an order entry is written: <c>KEYID:BASE64</c>.</summary>
    private const char Separator = ':';

    private const int MaxKeyBytes = 4096;

    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Dictionary<string, byte[]> _keys;
    private DateTimeOffset _readAt;

    private OrderKeys(string directory, string? signingKeyId, TimeProvider time, Dictionary<string, byte[]> keys)
    {
        _directory = directory;
        _time = time;
        _keys = keys;
        _readAt = time.GetUtcNow();
        SigningKeyId = signingKeyId;
    }

    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The key new orders are signed with; null for a reader that only checks.</summary>
    public string? SigningKeyId { get; }

    /// <summary>
    /// The keys in <paramref name="directory"/>. A writer names the key it signs with; with one key in the directory it
    /// may leave it to that one. Throws with what is wrong when there is no usable key, or the signing key is not there.
    /// </summary>
    public static OrderKeys Load(string directory, string? signingKeyId = null, bool signs = false, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var keys = Read(directory, out var problems);
        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"no order key in {directory} (one file per key, named by its id, at least {MinKeyBytes} bytes){Problems(problems)}");
        }

        if (signs)
        {
            signingKeyId ??= keys.Count == 1 ? keys.Keys.First()
                : throw new InvalidOperationException($"{keys.Count} order keys in {directory}: name the one to sign with");
            if (!keys.ContainsKey(signingKeyId))
            {
                throw new InvalidOperationException($"the signing key '{signingKeyId}' is not in {directory}{Problems(problems)}");
            }
        }

        return new OrderKeys(directory, signs ? signingKeyId : null, time ?? TimeProvider.System, keys);
    }

    /// <summary>The signature field for <paramref name="payload"/>, with the signing key.</summary>
    public string Sign(ReadOnlySpan<byte> payload)
    {
        var id = SigningKeyId ?? throw new InvalidOperationException("these order keys only check signatures");
        var key = Current().TryGetValue(id, out var k) ? k : throw new InvalidOperationException($"the signing key '{id}' is gone from {_directory}");
        return id + Separator + Convert.ToBase64String(HMACSHA256.HashData(key, payload));
    }

    /// <summary>Null when <paramref name="signature"/> is a good signature of <paramref name="payload"/> by a known key, else why not.</summary>
    public string? Check(ReadOnlySpan<byte> payload, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return "unsigned";
        }

        var separator = signature.LastIndexOf(Separator);
        if (separator <= 0)
        {
            return "a signature that is not KEYID:BASE64";
        }

        var id = signature[..separator];
        if (!Current().TryGetValue(id, out var key))
        {
            return $"signed with key '{Truncate(id)}', which this node does not have";
        }

        Span<byte> claimed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(signature[(separator + 1)..], claimed, out var written) || written != claimed.Length)
        {
            return "a signature that is not KEYID:BASE64";
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, payload, expected);
        return CryptographicOperations.FixedTimeEquals(claimed, expected) ? null : "a signature that does not match";
    }

    private Dictionary<string, byte[]> Current()
    {
        lock (_lock)
        {
            if (_time.GetUtcNow() - _readAt >= RefreshInterval)
            {
                // A directory that cannot be read now keeps the keys it had: a moment of trouble must not stop every order.
                var keys = Read(_directory, out _);
                if (keys.Count > 0)
                {
                    _keys = keys;
                }

                _readAt = _time.GetUtcNow();
            }

            return _keys;
        }
    }

    private static Dictionary<string, byte[]> Read(string directory, out List<string> problems)
    {
        problems = [];
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{directory}: {e.Message}");
            return keys;
        }

        foreach (var path in files)
        {
            var id = Path.GetFileName(path);

            // A mounted Secret also holds its own bookkeeping (..data and dated folders): not keys.
            if (id.StartsWith('.') || id.Contains(Separator, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                var info = new FileInfo(path);
                if (info.Length > MaxKeyBytes)
                {
                    problems.Add($"{id}: over {MaxKeyBytes} bytes");
                    continue;
                }

                var key = Trim(File.ReadAllBytes(path));
                if (key.Length < MinKeyBytes)
                {
                    problems.Add($"{id}: under {MinKeyBytes} bytes");
                    continue;
                }

                keys[id] = key;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{id}: {e.Message}");
            }
        }

        return keys;
    }

    /// <summary>A key written with a trailing newline (echo, an editor) is the same key without it.</summary>
    private static byte[] Trim(byte[] bytes)
    {
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is (byte)'\n' or (byte)'\r')
        {
            end--;
        }

        return end == bytes.Length ? bytes : bytes[..end];
    }

    private static string Problems(List<string> problems) => problems.Count == 0 ? "" : $" ({string.Join("; ", problems)})";

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
