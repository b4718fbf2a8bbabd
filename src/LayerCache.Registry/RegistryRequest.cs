namespace LayerCache.Registry;

/// <summary>One logical request to a registry; <see cref="Content"/> builds a fresh body for every try.</summary>
internal sealed record RegistryRequest(HttpMethod Method, Uri Uri, string Scope)
{
    public IReadOnlyList<string> Accept { get; init; } = [];

    public long? RangeFrom { get; init; }

    public Func<HttpContent>? Content { get; init; }

    /// <summary>The registry host the request goes to (its TLS settings, whether it may be plain HTTP, whose credentials).</summary>
    public RegistryEndpoint? Endpoint { get; init; }

    /// <summary>The registry's host[:port]; only requests to it carry our Authorization.</summary>
    public string Host => Uri.Authority;

    /// <summary>Whose credentials answer this request's challenges.</summary>
    public string CredentialHost => Endpoint?.CredentialHost ?? Host;
}
