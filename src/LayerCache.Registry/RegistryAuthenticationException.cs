using System.Net;

namespace LayerCache.Registry;

/// <summary>The registry or its token server refused us: no, wrong or insufficient credentials.</summary>
public sealed class RegistryAuthenticationException(string message, HttpStatusCode? statusCode = HttpStatusCode.Unauthorized)
    : RegistryException(message, statusCode);
