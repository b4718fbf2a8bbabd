namespace LayerCache.Testing.Registry;

/// <summary>What the proxy does to one blob GET instead of forwarding it untouched.</summary>
public enum BlobFaultKind
{
    /// <summary>Answer 503 without asking the registry.</summary>
    ServiceUnavailable,

    /// <summary>Answer 429 with <c>Retry-After</c> in seconds.</summary>
    TooManyRequests,

    /// <summary>Forward, but abort the connection after <see cref="BlobFault.AfterBytes"/> bytes of the body.</summary>
    Truncate,

    /// <summary>Forward, flipping the byte at offset <see cref="BlobFault.AfterBytes"/> of the body.</summary>
    Corrupt,

    /// <summary>Forward untouched, after holding the request for <see cref="BlobFault.Delay"/>: a slow link's first byte.</summary>
    Delay,

    /// <summary>Answer 307 to the alternate host name (blob storage), which serves the blob without needing the registry's token.</summary>
    RedirectToAlternateHost,
}
