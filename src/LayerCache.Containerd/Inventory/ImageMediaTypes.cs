namespace LayerCache.Containerd;

/// <summary>The media types of the blobs that describe an image, OCI and Docker alike.</summary>
public static class ImageMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string mediaType) => mediaType is OciManifest or DockerManifest;
}
