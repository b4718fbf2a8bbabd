using System.Runtime.CompilerServices;
using Grpc.Core;
using EventsApi = LayerCache.Containerd.Api.Events;

namespace LayerCache.Containerd;

public sealed partial class ContainerdClient
{
    /// <summary>
    /// Streams events matching any of <paramref name="filters"/> (e.g. <c>topic~="/images/"</c>,
    /// <c>namespace=="k8s.io"</c>); no filter streams every namespace's events. The stream ends with an
    /// <see cref="RpcException"/> when containerd goes away: wait until connected, resync, subscribe again.
    /// </summary>
    public async IAsyncEnumerable<ContainerdEvent> SubscribeEventsAsync(
        IEnumerable<string> filters,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new EventsApi.SubscribeRequest();
        request.Filters.Add(filters);
        using var call = _events.Subscribe(request, Options(cancellationToken));
        while (true)
        {
            try
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                Connection.Observe(null);
            }
            catch (RpcException e)
            {
                Connection.Observe(e);
                throw;
            }

            yield return ContainerdEventParser.Parse(call.ResponseStream.Current);
        }
    }
}
