using LayerCache.Core.Scoring;

namespace LayerCache.Simulator.Engine;

public sealed partial class ClusterSimulation
{
    /// <summary>Where the next pod's window of nodes starts: it moves on by the nodes each pod examined, as kube-scheduler's does.</summary>
    private int _nextStartNode;

    /// <summary>
    /// The best-scoring candidate, ties broken at random; -1 if none is feasible. The candidates are the feasible nodes a
    /// window from <see cref="_nextStartNode"/> finds (every node at 100%), then, where the policy's score reads layer
    /// holdings, the feasible holders of the pod's layers outside the window, from the holder index.
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

        if (examined < n && _scoresHoldings)
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
        return pick.Node;
    }

    /// <summary>
    /// What the nodes hold of the pod, from the holder index where the score reads it; else (only whether the pod fits is
    /// asked) from each candidate's own cache, and only where its pins leave doubt.
    /// </summary>
    private void ComputeFit()
    {
        if (_scoresHoldings)
        {
            _fit.Compute(_pod);
        }
        else
        {
            _fit.ComputeOnDemand(_pod);
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
