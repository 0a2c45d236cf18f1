namespace VaeLab.Evaluation.Disentanglement;

/// <summary>
/// A one-dimensional nearest-class-mean classifier (SAP's one-latent classifier): the mean of the value per class on
/// the training data, sorted; a value is assigned the class whose mean is nearest (ties to the lower class).
/// </summary>
internal sealed class NearestClassMean
{
    private readonly double[] means;
    private readonly int[] labels;

    private NearestClassMean(double[] means, int[] labels)
    {
        this.means = means;
        this.labels = labels;
    }

    public static NearestClassMean Fit(double[] values, int[] labels)
    {
        var sums = new Dictionary<int, (double Sum, int Count)>();
        for (var i = 0; i < values.Length; i++)
        {
            sums.TryGetValue(labels[i], out var s);
            sums[labels[i]] = (s.Sum + values[i], s.Count + 1);
        }
        // Sorted by mean (then label, so equal means keep the lower label first and ties go to it).
        var ordered = sums.Select(p => (Label: p.Key, Mean: p.Value.Sum / p.Value.Count))
            .OrderBy(p => p.Mean).ThenBy(p => p.Label).ToArray();
        return new NearestClassMean(ordered.Select(p => p.Mean).ToArray(), ordered.Select(p => p.Label).ToArray());
    }

    public int Predict(double value)
    {
        var at = Array.BinarySearch(means, value);
        if (at >= 0) return labels[at];
        var above = ~at;
        if (above == 0) return labels[0];
        if (above == means.Length) return labels[^1];
        var below = above - 1;
        var dBelow = value - means[below];
        var dAbove = means[above] - value;
        if (dBelow < dAbove) return labels[below];
        if (dAbove < dBelow) return labels[above];
        return Math.Min(labels[below], labels[above]);
    }
}
