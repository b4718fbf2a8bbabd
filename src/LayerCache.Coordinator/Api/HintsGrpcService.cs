using System.Diagnostics;
using Grpc.Core;
using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.Rpc;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Api;

/// <summary>gRPC <c>layercache.v1.Hints</c>: the numbers of <c>GET /v1/hints</c>, best first.</summary>
public sealed class HintsGrpcService(HintService hints, CoordinatorMetrics metrics, IOptions<CoordinatorOptions> options) : Rpc.Hints.HintsBase
{
    public override async Task<ScoreResponse> Score(ScoreRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (HintQuery.Check(request.Images, options.Value.MaxImagesPerRequest) is { } error)
        {
            metrics.RecordHint("grpc", "bad_request", started);
            throw new RpcException(new Status(StatusCode.InvalidArgument, error));
        }

        using var scores = await hints.ScoreAsync(request.Images, request.Nodes.Count == 0 ? null : request.Nodes, request.PodUid, context.CancellationToken);
        var response = new ScoreResponse { Stale = scores.Stale, Resolved = scores.Resolved };
        foreach (var image in scores.Images)
        {
            response.Images.Add(new ImageStatus
            {
                Reference = image.Reference,
                Normalized = image.Normalized ?? string.Empty,
                Resolved = image.Resolved,
                SizeBytes = image.SizeBytes,
            });
        }

        scores.SortBestFirst();
        foreach (var node in scores.Nodes)
        {
            response.Nodes.Add(new NodeScore
            {
                Node = node.Node,
                Known = node.Known,
                PresentBytes = node.PresentBytes,
                MissingBytes = node.MissingBytes,
                EstimatedPullSeconds = node.EstimatedPullSeconds,
                RawScore = node.RawScore,
                Score = node.Score,
            });
        }

        metrics.RecordHint("grpc", scores.Resolved ? "ok" : "unresolved", started);
        return response;
    }
}
