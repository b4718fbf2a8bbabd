namespace LayerCache.Registry;

/// <summary>A manifest, index or layer has a media type this client does not handle (e.g. Docker schema 1).</summary>
public sealed class UnsupportedMediaTypeException(string mediaType, string what)
    : RegistryException($"Unsupported media type '{mediaType}' for {what}.")
{
    public string MediaType { get; } = mediaType;
}
