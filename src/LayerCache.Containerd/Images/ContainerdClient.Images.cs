using Grpc.Core;
using ImagesApi = LayerCache.Containerd.Api.Images;
using TypesApi = LayerCache.Containerd.Api.Types;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>Every image record in the namespace; filters use containerd's syntax (e.g. <c>name~="^docker.io/"</c>).</summary>
    public Task<IReadOnlyList<ContainerdImage>> ListImagesAsync(CancellationToken cancellationToken, params string[] filters) =>
        Retry<IReadOnlyList<ContainerdImage>>(async () =>
        {
            var request = new ImagesApi.ListImagesRequest();
            request.Filters.Add(filters);
            var response = await _images.ListAsync(request, Options(cancellationToken));
            return response.Images.Select(ToImage).ToList();
        }, cancellationToken);

    /// <summary>The image record named <paramref name="name"/>, or null.</summary>
    public Task<ContainerdImage?> GetImageAsync(string name, CancellationToken cancellationToken) =>
        Retry<ContainerdImage?>(async () =>
        {
            try
            {
                var response = await _images.GetAsync(new ImagesApi.GetImageRequest { Name = name }, Options(cancellationToken));
                return ToImage(response.Image);
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>Creates an image record pointing at a root blob already in the content store.</summary>
    public Task<ContainerdImage> CreateImageAsync(
        string name,
        ContentDescriptor target,
        IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken cancellationToken = default) =>
        Retry(async () =>
        {
            var image = new ImagesApi.Image
            {
                Name = name,
                Target = new TypesApi.BlobDescriptor { MediaType = target.MediaType, Digest = target.Digest.Value, Size = target.SizeBytes },
            };
            foreach (var (key, value) in labels ?? new Dictionary<string, string>())
            {
                image.Labels[key] = value;
            }

            var response = await _images.CreateAsync(new ImagesApi.CreateImageRequest { Image = image }, Options(cancellationToken));
            return ToImage(response.Image);
        }, cancellationToken);

    /// <summary>Deletes an image record; with <paramref name="synchronousGc"/>, garbage collection runs before this returns.</summary>
    public Task<bool> DeleteImageAsync(string name, bool synchronousGc = false, CancellationToken cancellationToken = default) =>
        Retry(async () =>
        {
            try
            {
                await _images.DeleteAsync(new ImagesApi.DeleteImageRequest { Name = name, Sync = synchronousGc }, Options(cancellationToken));
                return true;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return false;
            }
        }, cancellationToken);

    private static ContainerdImage ToImage(ImagesApi.Image image) => new(
        image.Name,
        new ContentDescriptor(image.Target.MediaType, ParseDigest(image.Target.Digest, image.Name), image.Target.Size),
        ToDictionary(image.Labels),
        ToDateTimeOffset(image.CreatedAt),
        ToDateTimeOffset(image.UpdatedAt));
}
