namespace VaeLab.Inference.Classic;

/// <summary>One true topic paired with the learned topic closest to it, and their Hellinger distance (0 = equal, 1 = disjoint).</summary>
public sealed record TopicMatch(int TrueTopic, int LearnedTopic, double HellingerDistance);

/// <summary>
/// Pairs learned topics with generating ones. Topics are exchangeable (label switching), so they are compared after
/// an assignment; a greedy one (closest remaining pair first) is enough when the recovery is good.
/// </summary>
public static class TopicMatching
{
    public static double Hellinger(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        if (p.Count != q.Count) throw new ArgumentException($"Distributions over {p.Count} and {q.Count} words cannot be compared.");
        var sum = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            var d = Math.Sqrt(p[i]) - Math.Sqrt(q[i]);
            sum += d * d;
        }
        return Math.Sqrt(0.5 * sum);
    }

    /// <summary>Greedy one-to-one matching by smallest Hellinger distance; needs at least as many learned topics as true ones.</summary>
    public static IReadOnlyList<TopicMatch> Greedy(IReadOnlyList<double[]> trueTopics, IReadOnlyList<double[]> learnedTopics)
    {
        if (learnedTopics.Count < trueTopics.Count)
            throw new ArgumentException($"{learnedTopics.Count} learned topics cannot cover {trueTopics.Count} true ones.");
        var pairs = new List<(int T, int L, double D)>();
        for (var t = 0; t < trueTopics.Count; t++)
        for (var l = 0; l < learnedTopics.Count; l++) pairs.Add((t, l, Hellinger(trueTopics[t], learnedTopics[l])));
        var usedTrue = new HashSet<int>();
        var usedLearned = new HashSet<int>();
        var matches = new List<TopicMatch>();
        foreach (var (t, l, d) in pairs.OrderBy(p => p.D))
        {
            if (usedTrue.Contains(t) || usedLearned.Contains(l)) continue;
            usedTrue.Add(t); usedLearned.Add(l);
            matches.Add(new TopicMatch(t, l, d));
        }
        return matches.OrderBy(m => m.TrueTopic).ToList();
    }
}
