using System.Net;

namespace LayerCache.Registry;

/// <summary>The registry does not know the manifest, blob or repository (404).</summary>
public sealed class RegistryNotFoundException(string message) : RegistryException(message, HttpStatusCode.NotFound);
