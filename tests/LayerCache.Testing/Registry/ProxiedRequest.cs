namespace LayerCache.Testing.Registry;

/// <summary>One request the proxy saw, as it arrived: which host name it was sent to and the headers tests check.</summary>
public sealed record ProxiedRequest(string Method, string Host, string PathAndQuery, string? Authorization, string? Range, int Status);
