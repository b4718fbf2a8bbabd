using System.Buffers;
using System.Collections.Concurrent;
using LayerCache.Coordinator.View;
using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Hints;

/// <summary>
/// Scores nodes for a set of images with Core's <see cref="PodFit"/> and <see cref="LayerCacheScorer"/>, the classes
/// the simulator measures. PodFit runs once per request at the fastest allowed link; a node's slower link adds the
/// extra download time of its missing bytes as the link wait the scorer already charges, so each node is scored at
/// its own measured bandwidth exactly. Pooled PodFits keep the per-node work free of allocation and the answer is
/// written into a pooled array the caller hands back by disposing it, so a call allocates the same bytes for 5,000
/// nodes as for 5. <see cref="Score"/> never waits on the network: an image not yet known gives every node the
/// neutral score 0 at once. <see cref="ScoreAsync"/> first gives an unknown image's lookup up to
/// <see cref="CoordinatorOptions.UnknownImageWait"/>, so that the first pod of a new image is placed by the layers it
/// shares with images the nodes hold, not blind.
/// </summary>
public sealed class HintService
{
    private readonly ClusterState _state;
    private readonly IImageDemand _demand;
    private readonly IImageLookup? _lookup;
    private readonly TimeSpan _unknownImageWait;
    private readonly TimeProvider _time;
    private readonly CoordinatorMetrics _metrics;
    private readonly PullCostModel _cost;
    private readonly LayerCacheScorer _scorer = new();
    private readonly ConcurrentBag<PodFit> _fits = [];
    private readonly double _defaultBandwidth;
    private readonly double _maxBandwidth;

    // The link the cost model prices the registry at. Each node's own slower link is added per node, except with peer
    // fetch: its nodes share their site's uplink, priced once at the default bandwidth, and a layer the site holds comes
    // over the LAN, which a per-node registry link must not be charged on.
    private readonly double _registryBandwidth;
    private readonly bool _sitePricing;

    /// <param name="lookup">Looks up unknown images for <see cref="ScoreAsync"/>; without one it waits for nothing.</param>
    public HintService(
        ClusterState state,
        IImageDemand demand,
        IOptions<CoordinatorOptions> options,
        CoordinatorMetrics metrics,
        IImageLookup? lookup = null,
        TimeProvider? time = null)
    {
        var o = options.Value;
        _state = state;
        _demand = demand;
        _lookup = lookup;
        _unknownImageWait = o.UnknownImageWait;
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
        _defaultBandwidth = o.DefaultBandwidthBytesPerSecond;
        _maxBandwidth = o.MaxBandwidthBytesPerSecond;
        _sitePricing = o.LanBytesPerSecond > 0;
        _registryBandwidth = _sitePricing ? _defaultBandwidth : _maxBandwidth;
        _cost = o.PullCost(_registryBandwidth);
    }

    /// <summary>
    /// <see cref="Score"/>, after waiting up to <see cref="CoordinatorOptions.UnknownImageWait"/> for the lookup of
    /// any image not known yet. An image still unknown then is scored as <see cref="Score"/> scores it: neutral.
    /// </summary>
    public ValueTask<HintScores> ScoreAsync(IReadOnlyList<string> references, IReadOnlyList<string>? nodes, string? podUid, CancellationToken cancellationToken) =>
        _lookup is null || _unknownImageWait <= TimeSpan.Zero || LookUps(references) is not { } lookups
            ? new ValueTask<HintScores>(Score(references, nodes, podUid))
            : WaitThenScoreAsync(lookups, references, nodes, podUid, cancellationToken);

    private async ValueTask<HintScores> WaitThenScoreAsync(
        List<Task> lookups, IReadOnlyList<string> references, IReadOnlyList<string>? nodes, string? podUid, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(lookups).WaitAsync(_unknownImageWait, _time, cancellationToken).ConfigureAwait(false);
            _metrics.UnknownImageWaits.Inc(1, "resolved");
        }
        catch (TimeoutException)
        {
            _metrics.UnknownImageWaits.Inc(1, "timeout");
        }

        return Score(references, nodes, podUid);
    }

    /// <param name="references">Image references as a pod carries them.</param>
    /// <param name="nodes">Candidate nodes, answered in this order; null for every node of the view.</param>
    /// <param name="podUid">The pod, if any, whose request counts toward popularity (once per pod and image).</param>
    /// <returns>Scores the caller owns and must dispose once it has written them.</returns>
    public HintScores Score(IReadOnlyList<string> references, IReadOnlyList<string>? nodes, string? podUid = null)
    {
        var (images, known) = Resolve(references);
        var resolved = known.Count == images.Count;
        if (!string.IsNullOrEmpty(podUid) && known.Count > 0)
        {
            _demand.Requested(podUid, known);
        }

        NodeHint[] hints;
        int count;
        using (var read = _state.Read())
        {
            if (!_fits.TryTake(out var fit))
            {
                fit = new PodFit(read.View, _cost);
            }

            count = nodes?.Count ?? read.View.Nodes.Count;
            hints = ArrayPool<NodeHint>.Shared.Rent(count);
            try
            {
                fit.Compute(known);
                var typicalCold = fit.ColdSeconds + (fit.RequestedBytes * ((1 / _defaultBandwidth) - (1 / _registryBandwidth)));
                for (var i = 0; i < count; i++)
                {
                    var name = nodes is null ? read.View.Nodes[i].Name : nodes[i];
                    hints[i] = read.TryGetNode(name, out var id, out var bandwidth)
                        ? ScoreNode(fit, name, id, bandwidth, typicalCold, resolved)
                        : new NodeHint(name, Known: false, 0, fit.RequestedBytes, typicalCold, 0, 0);
                }
            }
            catch
            {
                HintScores.Return(hints, count);
                throw;
            }

            _fits.Add(fit);
        }

        return new HintScores(images, _state.IsStale, resolved, hints, count);
    }

    private NodeHint ScoreNode(PodFit fit, string name, int id, double bandwidth, double typicalCold, bool resolved)
    {
        var present = fit.PresentBytes(id);
        var s = Scoring(fit, id, present, bandwidth, typicalCold, resolved);
        return new NodeHint(name, Known: true, present, fit.RequestedBytes - present, s.Seconds, s.Raw, s.Score);
    }

    /// <summary>
    /// How one node scores: the link it is charged at, the extra seconds that link costs, and the results. It reads
    /// each of the node's sums once: this runs for every node of every request.
    /// </summary>
    private NodeScoring Scoring(PodFit fit, int id, long presentBytes, double bandwidth, double typicalCold, bool resolved)
    {
        var link = _sitePricing ? _registryBandwidth : double.IsFinite(bandwidth) && bandwidth > 0 ? Math.Min(bandwidth, _maxBandwidth) : _defaultBandwidth;
        var missing = fit.RequestedBytes - presentBytes;
        var slowerLink = missing > 0 ? missing * ((1 / link) - (1 / _registryBandwidth)) : 0;
        var missingSeconds = fit.MissingSeconds(id);
        var raw = _scorer.Score(fit.ColdSeconds, missingSeconds, Math.Max(slowerLink, 0), fit.Load(id));
        var seconds = missingSeconds + slowerLink;
        var score = resolved ? ExtenderScale.Score(seconds, typicalCold) : 0;
        return new NodeScoring(link, slowerLink, seconds, raw, score);
    }

    /// <summary>
    /// The numbers of <see cref="Score"/> for every node asked, with how each was made: the layers present and
    /// missing, the link charged, the cold pull the score is measured against. Not on the hot path: it allocates freely.
    /// </summary>
    public ExplainedHints Explain(IReadOnlyList<string> references, IReadOnlyList<string>? nodes)
    {
        var (images, known) = Resolve(references);
        var resolved = known.Count == images.Count;
        var explained = new List<HintExplanation>();
        using (var read = _state.Read())
        {
            var fit = new PodFit(read.View, _cost);
            fit.Compute(known);
            var typicalCold = fit.ColdSeconds + (fit.RequestedBytes * ((1 / _defaultBandwidth) - (1 / _registryBandwidth)));
            foreach (var name in nodes ?? [.. read.View.Nodes.Select(n => n.Name)])
            {
                if (!read.TryGetNode(name, out var id, out var bandwidth))
                {
                    explained.Add(HintExplanation.Unknown(name, fit, _defaultBandwidth, typicalCold));
                    continue;
                }

                var s = Scoring(fit, id, fit.PresentBytes(id), bandwidth, typicalCold, resolved);
                explained.Add(HintExplanation.Of(name, read.View.Nodes[id], fit, id, s, typicalCold, _scorer.LoadPenaltySeconds, resolved));
            }
        }

        explained.Sort(static (a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            c = c != 0 ? c : a.EstimatedPullSeconds.CompareTo(b.EstimatedPullSeconds);
            c = c != 0 ? c : b.PresentBytes.CompareTo(a.PresentBytes);
            return c != 0 ? c : string.CompareOrdinal(a.Node, b.Node);
        });
        return new ExplainedHints(images, _state.IsStale, resolved, explained);
    }

    /// <summary>The lookups of the references not known yet; null when every one is known (or cannot be named).</summary>
    private List<Task>? LookUps(IReadOnlyList<string> references)
    {
        List<Task>? lookups = null;
        foreach (var reference in references)
        {
            if (ImageKey.TryNormalize(reference, out var normalized) && !_state.TryGetImage(normalized, out _))
            {
                (lookups ??= []).Add(_lookup!.LookUpAsync(normalized));
            }
        }

        return lookups;
    }

    private (List<ImageHint> Images, List<ContainerImage> Known) Resolve(IReadOnlyList<string> references)
    {
        var images = new List<ImageHint>(references.Count);
        var known = new List<ContainerImage>(references.Count);
        foreach (var reference in references)
        {
            if (!ImageKey.TryNormalize(reference, out var normalized))
            {
                images.Add(new ImageHint(reference, null, Resolved: false, 0));
                continue;
            }

            if (_state.TryGetImage(normalized, out var image))
            {
                images.Add(new ImageHint(reference, normalized, Resolved: true, image.SizeBytes));
                known.Add(image);
                continue;
            }

            images.Add(new ImageHint(reference, normalized, Resolved: false, 0));
            _metrics.ImagesUnknown.Inc();
            _demand.Unknown(normalized);
        }

        return (images, known);
    }
}
