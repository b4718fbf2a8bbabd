using CriApi = LayerCache.Containerd.Api.Cri;

namespace LayerCache.Containerd;

/// <remarks>The CRI plugin works in <c>k8s.io</c> whatever the namespace header says.</remarks>
public sealed partial class ContainerdClient
{
    /// <summary>
    /// Pulls and unpacks an image as the kubelet would, so a pod start finds it ready; returns the image id.
    /// Not retried on Unavailable: a pull can outlast containerd, and the caller decides whether to pull again.
    /// </summary>
    public async Task<string> PullImageAsync(string reference, CriPullCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var request = new CriApi.PullImageRequest { Image = new CriApi.ImageSpec { Image = reference } };
        if (credentials is not null)
        {
            request.Auth = new CriApi.AuthConfig
            {
                Username = credentials.Username ?? string.Empty,
                Password = credentials.Password ?? string.Empty,
                IdentityToken = credentials.IdentityToken ?? string.Empty,
                RegistryToken = credentials.RegistryToken ?? string.Empty,
                ServerAddress = credentials.ServerAddress ?? string.Empty,
            };
        }

        var response = await _cri.PullImageAsync(request, Options(cancellationToken)).ConfigureAwait(false);
        return response.ImageRef;
    }

    /// <summary>Removes an image (every tag of it) through the CRI, so the kubelet's view stays true. Idempotent.</summary>
    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var request = new CriApi.RemoveImageRequest { Image = new CriApi.ImageSpec { Image = reference } };
            await _cri.RemoveImageAsync(request, Options(cancellationToken));
        }, cancellationToken);

    public Task<IReadOnlyList<CriImage>> ListCriImagesAsync(CancellationToken cancellationToken) =>
        Retry<IReadOnlyList<CriImage>>(async () =>
        {
            var response = await _cri.ListImagesAsync(new CriApi.ListImagesRequest(), Options(cancellationToken));
            return response.Images.Select(ToCriImage).ToList();
        }, cancellationToken);

    /// <summary>The image as the CRI sees it, or null when it is not on the node.</summary>
    public Task<CriImage?> ImageStatusAsync(string reference, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var request = new CriApi.ImageStatusRequest { Image = new CriApi.ImageSpec { Image = reference } };
            var response = await _cri.ImageStatusAsync(request, Options(cancellationToken));
            return response.Image is null ? null : ToCriImage(response.Image);
        }, cancellationToken);

    public Task<IReadOnlyList<ImageFilesystemUsage>> ImageFilesystemUsageAsync(CancellationToken cancellationToken) =>
        Retry<IReadOnlyList<ImageFilesystemUsage>>(async () =>
        {
            var response = await _cri.ImageFsInfoAsync(new CriApi.ImageFsInfoRequest(), Options(cancellationToken));
            return response.ImageFilesystems
                .Select(f => new ImageFilesystemUsage(f.FsId?.Mountpoint ?? string.Empty, (long)(f.UsedBytes?.Value ?? 0), (long)(f.InodesUsed?.Value ?? 0)))
                .ToList();
        }, cancellationToken);

    private static CriImage ToCriImage(CriApi.Image image) =>
        new(image.Id, image.RepoTags.ToList(), image.RepoDigests.ToList(), (long)image.Size, image.Pinned);
}
