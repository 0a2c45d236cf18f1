using VaeLab.Models;

namespace VaeLab.Objectives;

/// <summary>
/// What an objective applied at one step (or, averaged, over an epoch): the KL weight β_t, the free-bits floor λ in nats
/// per latent variable, the capacity target C(t) in nats and its γ, and the weight of each other term. Null: not applied.
/// </summary>
public sealed record AppliedWeights
{
    public static AppliedWeights None { get; } = new();

    /// <summary>β_t, the weight on the KL term (or on its free-bits or capacity penalty).</summary>
    public double? KlWeight { get; init; }

    /// <summary>λ, nats per latent variable below which the batch-averaged KL is not penalised.</summary>
    public double? FreeBitsNats { get; init; }

    /// <summary>C(t), the capacity the KL is pulled towards (nats).</summary>
    public double? CapacityNats { get; init; }

    /// <summary>γ, the weight of |KL − C(t)|.</summary>
    public double? CapacityGamma { get; init; }

    /// <summary>The weight each of the model's other terms entered the loss with (VQ-VAE's codebook 1, commitment 0.25).</summary>
    public IReadOnlyDictionary<Term, double> TermWeights { get; init; } = new Dictionary<Term, double>();

    /// <summary>
    /// For a replica-batched model trained with one objective per replica: what each replica's objective applied, in
    /// replica order (the fields above then hold their mean). Null for an ordinary model.
    /// </summary>
    public IReadOnlyList<AppliedWeights>? Replicas { get; init; }

    /// <summary>
    /// The mean of several steps' weights (a weight absent from a step counts as not applied there); replicas are
    /// averaged replica by replica when every step has the same number of them.
    /// </summary>
    public static AppliedWeights Mean(IReadOnlyCollection<AppliedWeights> steps)
    {
        if (steps.Count == 0) return None;
        static double? Average(IEnumerable<double?> values)
        {
            var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
            return present.Count == 0 ? null : present.Sum() / present.Count;
        }
        var terms = steps.SelectMany(s => s.TermWeights.Keys).Distinct()
            .ToDictionary(t => t, t => steps.Where(s => s.TermWeights.ContainsKey(t)).Average(s => s.TermWeights[t]));
        return new AppliedWeights
        {
            KlWeight = Average(steps.Select(s => s.KlWeight)),
            FreeBitsNats = Average(steps.Select(s => s.FreeBitsNats)),
            CapacityNats = Average(steps.Select(s => s.CapacityNats)),
            CapacityGamma = Average(steps.Select(s => s.CapacityGamma)),
            TermWeights = terms,
            Replicas = ReplicaMeans(steps),
        };
    }

    private static IReadOnlyList<AppliedWeights>? ReplicaMeans(IReadOnlyCollection<AppliedWeights> steps)
    {
        var counts = steps.Select(s => s.Replicas?.Count ?? -1).Distinct().ToList();
        if (counts is not [var count] || count <= 0) return null;
        return Enumerable.Range(0, count).Select(r => Mean(steps.Select(s => s.Replicas![r]).ToList())).ToList();
    }

    /// <summary>The weights as named columns (kl_weight, free_bits, capacity_nats, capacity_gamma, &lt;term&gt;_weight), for tables and CSV.</summary>
    public IReadOnlyDictionary<string, double> Columns()
    {
        var columns = new Dictionary<string, double>();
        if (KlWeight is double beta) columns["kl_weight"] = beta;
        if (FreeBitsNats is double lambda) columns["free_bits"] = lambda;
        if (CapacityNats is double c) columns["capacity_nats"] = c;
        if (CapacityGamma is double gamma) columns["capacity_gamma"] = gamma;
        foreach (var (term, weight) in TermWeights) columns[$"{term}_weight"] = weight;
        return columns;
    }
}
