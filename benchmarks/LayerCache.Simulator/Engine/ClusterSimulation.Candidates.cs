using LayerCache.Core.Scoring;

namespace LayerCache.Simulator.Engine;

public sealed partial class ClusterSimulation
{
    /// <summary>Where the next pod's window of nodes starts: it moves on by the nodes each pod examined, as kube-scheduler's does.</summary>
    private int _nextStartNode;

    /// <summary>How many nodes the last pod's window examined.</summary>
    private int _lastExamined;

    /// <summary>
    /// The best-scoring candidate, ties broken at random; -1 if none is feasible. The candidates are the feasible nodes a
    /// window from <see cref="_nextStartNode"/> finds (every node at 100%), as kube-scheduler filters and scores them and
    /// calls its extenders with them; with <see cref="ClusterSettings.ScoreHoldersOutsideWindow"/>, also the feasible
    /// holders of the pod's layers outside the window, from the holder index.
    /// </summary>
    private int PickCandidate(double now)
    {
        var n = _nodes.Count;
        var start = _nextStartNode;
        var pick = new CandidatePick(-1, double.NegativeInfinity, 0);
        var found = 0;
        var examined = 0;
        for (var i = start; examined < n && found < _nodesToFind; examined++)
        {
            if (ScoreCandidate(i, now) is { } score)
            {
                found++;
                Offer(ref pick, i, score);
            }

            if (++i == n)
            {
                i = 0;
            }
        }

        if (examined < n && _scoresHoldings && _settings.ScoreHoldersOutsideWindow)
        {
            foreach (var i in _fit.HoldingNodes)
            {
                var offset = i - start;
                if ((offset < 0 ? offset + n : offset) >= examined && ScoreCandidate(i, now) is { } score)
                {
                    Offer(ref pick, i, score);
                }
            }
        }

        _nextStartNode = (start + examined) % n;
        _lastExamined = examined;
        return pick.Node;
    }

    /// <summary>
    /// What the nodes hold of the pod. Where the score reads it: from the holder index, for every node, or with sampling for
    /// the stretch the window is likely to span (the last window's length and a quarter; a node beyond is read from its own
    /// cache). Where only whether the pod fits is asked: from each candidate's own cache, and only where its pins leave doubt.
    /// </summary>
    private void ComputeFit()
    {
        if (!_scoresHoldings)
        {
            _fit.ComputeOnDemand(_pod);
        }
        else if (_nodesToFind >= _nodes.Count || _settings.ScoreHoldersOutsideWindow)
        {
            _fit.Compute(_pod);
        }
        else
        {
            var span = Math.Max(_nodesToFind, _lastExamined);
            _fit.ComputeWindow(_pod, _nextStartNode, span + (span / 4));
        }
    }

    private void Offer(ref CandidatePick pick, int node, double score)
    {
        if (score > pick.Score)
        {
            pick = new CandidatePick(node, score, 1);
        }
        else if (score == pick.Score && _tieBreak.Next(++pick.Ties) == 0)
        {
            pick.Node = node;
        }
    }

    /// <summary>Whether the policy's score of a node depends on what the node holds (agnostic and least-allocated do not).</summary>
    private static bool ScoresHoldings(ClusterSettings settings, PolicySetup setup) =>
        settings.ExtenderWeight > 0 ? setup.Role != SchedulerRole.None : setup.Scorer is not AgnosticScorer;

    private record struct CandidatePick(int Node, double Score, int Ties);
}
