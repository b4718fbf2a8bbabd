using System.Runtime.CompilerServices;
using Grpc.Core;
using LayerCache.Core.Model;
using ContentApi = LayerCache.Containerd.Api.Content;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>The blob's info, or null when the content store does not hold it.</summary>
    public Task<ContentInfo?> ContentInfoAsync(Digest digest, CancellationToken cancellationToken) =>
        Retry<ContentInfo?>(async () =>
        {
            try
            {
                var response = await _content.InfoAsync(new ContentApi.InfoRequest { Digest = digest.Value }, Options(cancellationToken));
                return ToContentInfo(response.Info);
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>Every committed blob (digests other than sha256 are skipped: nothing we track uses them).</summary>
    public Task<IReadOnlyList<ContentInfo>> ListContentAsync(CancellationToken cancellationToken) =>
        Retry<IReadOnlyList<ContentInfo>>(async () =>
        {
            var infos = new List<ContentInfo>();
            using var call = _content.List(new ContentApi.ListContentRequest(), Options(cancellationToken));
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                foreach (var info in response.Info)
                {
                    if (Digest.TryParse(info.Digest, out _))
                    {
                        infos.Add(ToContentInfo(info));
                    }
                }
            }

            return infos;
        }, cancellationToken);

    /// <summary>Sets one label on a blob, leaving its other labels as they are; false when the blob is not there.</summary>
    public Task<bool> SetContentLabelAsync(Digest digest, string key, string value, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            var info = new ContentApi.Info { Digest = digest.Value };
            info.Labels.Add(key, value);
            var request = new ContentApi.UpdateRequest { Info = info, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask() };
            request.UpdateMask.Paths.Add("labels." + key);
            try
            {
                await _content.UpdateAsync(request, Options(cancellationToken));
                return true;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>Deletes a blob; false when it was not there.</summary>
    public Task<bool> DeleteContentAsync(Digest digest, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            try
            {
                await _content.DeleteAsync(new ContentApi.DeleteContentRequest { Digest = digest.Value }, Options(cancellationToken));
                return true;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return false;
            }
        }, cancellationToken);

    /// <summary>
    /// Streams a blob's bytes from <paramref name="offset"/>, <paramref name="size"/> of them (0: to the end), in the
    /// chunks containerd sends.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadContentAsync(
        Digest digest,
        long offset = 0,
        long size = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ContentApi.ReadContentRequest { Digest = digest.Value, Offset = offset, Size = size };
        using var call = _content.Read(request, Options(cancellationToken));
        while (true)
        {
            bool hasNext;
            try
            {
                hasNext = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
                Connection.Observe(null);
            }
            catch (RpcException e)
            {
                Connection.Observe(e);
                throw;
            }

            if (!hasNext)
            {
                yield break;
            }

            yield return call.ResponseStream.Current.Data.Memory;
        }
    }

    /// <summary>The largest blob <see cref="ReadAllContentAsync"/> reads: manifests and configs are far smaller.</summary>
    public const long MaxReadAllBytes = 16 * 1024 * 1024;

    /// <summary>Reads a small blob (a manifest, an index, a config) whole; refuses blobs above <see cref="MaxReadAllBytes"/>.</summary>
    public Task<byte[]> ReadAllContentAsync(Digest digest, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            using var buffer = new MemoryStream();
            await foreach (var chunk in ReadContentAsync(digest, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (buffer.Length + chunk.Length > MaxReadAllBytes)
                {
                    throw new InvalidOperationException($"{digest} is larger than the {MaxReadAllBytes} bytes this read allows.");
                }

                buffer.Write(chunk.Span);
            }

            return buffer.ToArray();
        }, cancellationToken);

    /// <summary>How far an unfinished write under <paramref name="reference"/> got, or null when there is none.</summary>
    public Task<ContentWriteStatus?> WriteStatusAsync(string reference, CancellationToken cancellationToken) =>
        Retry<ContentWriteStatus?>(async () =>
        {
            try
            {
                var response = await _content.StatusAsync(new ContentApi.StatusRequest { Ref = reference }, Options(cancellationToken));
                var status = response.Status;
                return new ContentWriteStatus(status.Ref, status.Offset, status.Total, status.Expected);
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>Drops an unfinished write and its bytes; false when there was none.</summary>
    public Task<bool> AbortWriteAsync(string reference, CancellationToken cancellationToken) =>
        Retry(async () =>
        {
            try
            {
                await _content.AbortAsync(new ContentApi.AbortRequest { Ref = reference }, Options(cancellationToken));
                return true;
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                return false;
            }
        }, cancellationToken);

    private static ContentInfo ToContentInfo(ContentApi.Info info) => new(
        ParseDigest(info.Digest, "a blob"),
        info.Size,
        ToDateTimeOffset(info.CreatedAt),
        ToDateTimeOffset(info.UpdatedAt),
        ToDictionary(info.Labels));
}
