using System.Net;

namespace LayerCache.Registry;

/// <summary>A registry request failed; <see cref="StatusCode"/> is set when the registry answered.</summary>
public class RegistryException : Exception
{
    public RegistryException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode? StatusCode { get; }
}
