using System.Globalization;
using LayerCache.Core.Model;
using LayerCache.Core.Scoring;

namespace LayerCache.Coordinator.Hints;

/// <summary>
/// One node's hint with its workings: <see cref="EstimatedPullSeconds"/> is the missing layers' download (at the
/// fastest allowed link) and unpack plus <see cref="SlowerLinkSeconds"/>; <see cref="Score"/> is the share of
/// <see cref="TypicalColdSeconds"/> it saves, in tenths; <see cref="RawScore"/> is Core's LayerCacheScorer.
/// </summary>
/// <param name="UnpackOnlyLayers">Layers whose blob is on the node but not unpacked: they cost only the unpack.</param>
/// <param name="LinkBytesPerSecond">The bandwidth the node was charged at (its measured one, capped; the default when unknown).</param>
/// <param name="TypicalColdSeconds">The whole pull on an empty node at the default bandwidth: what the 0..10 scale is measured against.</param>
/// <param name="How">The same in one sentence.</param>
public sealed record HintExplanation(
    string Node,
    bool Known,
    long PresentBytes,
    long MissingBytes,
    int PresentLayers,
    int MissingLayers,
    int UnpackOnlyLayers,
    double LinkBytesPerSecond,
    double SlowerLinkSeconds,
    double EstimatedPullSeconds,
    double TypicalColdSeconds,
    double RawScore,
    int Score,
    string How)
{
    internal static HintExplanation Of(string name, NodeCache node, PodFit fit, int id, NodeScoring s, double typicalCold, double loadPenaltySeconds, bool resolved)
    {
        int present = 0, unpackOnly = 0;
        foreach (var layer in fit.DistinctLayers)
        {
            var state = node.StateOf(layer.Digest);
            present += state is LayerState.Present or LayerState.Unpacked ? 1 : 0;
            unpackOnly += state == LayerState.Present ? 1 : 0;
        }

        var missingLayers = fit.DistinctLayers.Count - present;
        var how = resolved
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{missingLayers} of {fit.DistinctLayers.Count} layers ({fit.MissingBytes(id)} bytes) missing and {unpackOnly} to unpack take {s.Seconds:0.###} s at {s.LinkBytesPerSecond / 1e6:0.#} MB/s; a cold pull on a typical node takes {typicalCold:0.###} s, so the node saves {Saved(s.Seconds, typicalCold) * 100:0}%: score {s.Score} of {ExtenderScale.Max}; raw score {s.Raw:0.###} s saved (load penalty {loadPenaltySeconds:0.##} s at full load)")
            : "an image is not resolved yet: every node scores the neutral 0";
        return new HintExplanation(
            name, true, fit.PresentBytes(id), fit.MissingBytes(id), present, missingLayers, unpackOnly, s.LinkBytesPerSecond, s.SlowerLinkSeconds,
            s.Seconds, typicalCold, s.Raw, s.Score, how);
    }

    internal static HintExplanation Unknown(string name, PodFit fit, double defaultBandwidth, double typicalCold) => new(
        name, false, 0, fit.RequestedBytes, 0, fit.DistinctLayers.Count, 0, defaultBandwidth, 0, typicalCold, typicalCold, 0, 0,
        "the view has no inventory of this node: everything is missing and it scores 0");

    private static double Saved(double seconds, double typicalCold) => typicalCold > 0 ? Math.Clamp(1 - (seconds / typicalCold), 0, 1) : 0;
}
