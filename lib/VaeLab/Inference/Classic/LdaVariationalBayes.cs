using VaeLab.Numerics;
namespace VaeLab.Inference.Classic;

/// <summary>Settings of batch mean-field VB for LDA (Blei, Ng &amp; Jordan 2003, with a Dirichlet(η) prior on topics).</summary>
public sealed record LdaSettings(int Topics, double Alpha = 0.5, double Eta = 0.1, int MaxLocalIterations = 50, double LocalTolerance = 1e-4)
{
    public void Validate()
    {
        if (Topics < 1) throw new ArgumentOutOfRangeException(nameof(Topics), "LDA needs at least one topic.");
        if (!(Alpha > 0) || !(Eta > 0)) throw new ArgumentOutOfRangeException(nameof(Alpha), $"Alpha and Eta must be positive (got {Alpha}, {Eta}).");
        if (MaxLocalIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxLocalIterations));
    }
}

/// <summary>
/// Mean-field variational Bayes for LDA. q(β_k) = Dir(λ_k), q(θ_d) = Dir(γ_d), q(z_dn) = Cat(φ_dn). The E-step runs
/// φ_dwk ∝ exp(E[log θ_dk] + E[log β_kw]) and γ_dk = α + Σ_w n_dw φ_dwk per document; the M-step sets
/// λ_kw = η + Σ_d n_dw φ_dwk. Every update maximises the ELBO in its own block, so the ELBO rises each iteration.
/// </summary>
public sealed class LdaVariationalBayes
{
    private readonly TopicCorpus corpus;
    private readonly double[][][] phiPerDocument;   // [document][distinct word][topic]
    private readonly double[][] gammaPerDocument;   // [document][topic]
    private readonly double[,] lambda;   // [topic, word]
    private readonly double[,] expectedLogBeta;

    public LdaVariationalBayes(TopicCorpus corpus, LdaSettings settings, Random random)
    {
        settings.Validate();
        if (corpus.Documents.Count == 0) throw new ArgumentException("The corpus has no documents.", nameof(corpus));
        foreach (var doc in corpus.Documents)
            if (doc.WordIds.Any(w => (uint)w >= (uint)corpus.VocabularySize))
                throw new ArgumentException($"A word id is outside the vocabulary 0..{corpus.VocabularySize - 1}.", nameof(corpus));
        this.corpus = corpus;
        Settings = settings;
        var k = settings.Topics;
        lambda = new double[k, corpus.VocabularySize];
        // A random start breaks the symmetry between topics (identical topics would stay identical forever).
        for (var t = 0; t < k; t++)
        for (var w = 0; w < corpus.VocabularySize; w++) lambda[t, w] = SpecialFunctions.Gamma(random, 100, 100);
        expectedLogBeta = new double[k, corpus.VocabularySize];
        phiPerDocument = corpus.Documents.Select(d => d.WordIds.Select(_ => new double[k]).ToArray()).ToArray();
        gammaPerDocument = corpus.Documents.Select(_ => new double[k]).ToArray();
    }

    public LdaSettings Settings { get; }
    public int Iterations { get; private set; }

    /// <summary>One E-step over every document followed by the M-step; returns the ELBO afterwards.</summary>
    public double Step()
    {
        UpdateExpectedLogBeta();
        for (var d = 0; d < corpus.Documents.Count; d++) FitDocument(d);
        var k = Settings.Topics;
        for (var t = 0; t < k; t++)
        for (var w = 0; w < corpus.VocabularySize; w++) lambda[t, w] = Settings.Eta;
        for (var d = 0; d < corpus.Documents.Count; d++)
        {
            var doc = corpus.Documents[d];
            for (var i = 0; i < doc.WordIds.Length; i++)
            for (var t = 0; t < k; t++) lambda[t, doc.WordIds[i]] += doc.Counts[i] * phiPerDocument[d][i][t];
        }
        Iterations++;
        return Elbo();
    }

    /// <summary>The ELBO at the current (φ, γ, λ), all terms in closed form.</summary>
    public double Elbo()
    {
        UpdateExpectedLogBeta();
        var k = Settings.Topics;
        var v = corpus.VocabularySize;
        var (alpha, eta) = (Settings.Alpha, Settings.Eta);
        var elbo = 0.0;
        var eLogTheta = new double[k];
        for (var d = 0; d < corpus.Documents.Count; d++)
        {
            var doc = corpus.Documents[d];
            var gamma = gammaPerDocument[d];
            ExpectedLogDirichlet(gamma, eLogTheta);
            for (var i = 0; i < doc.WordIds.Length; i++)
            for (var t = 0; t < k; t++)
            {
                var phi = phiPerDocument[d][i][t];
                if (phi > 0) elbo += doc.Counts[i] * phi * (eLogTheta[t] + expectedLogBeta[t, doc.WordIds[i]] - Math.Log(phi));
            }
            elbo += SpecialFunctions.LogGamma(k * alpha) - k * SpecialFunctions.LogGamma(alpha) - SpecialFunctions.LogGamma(gamma.Sum());
            for (var t = 0; t < k; t++) elbo += (alpha - gamma[t]) * eLogTheta[t] + SpecialFunctions.LogGamma(gamma[t]);
        }
        for (var t = 0; t < k; t++)
        {
            var total = 0.0;
            elbo += SpecialFunctions.LogGamma(v * eta) - v * SpecialFunctions.LogGamma(eta);
            for (var w = 0; w < v; w++)
            {
                total += lambda[t, w];
                elbo += (eta - lambda[t, w]) * expectedLogBeta[t, w] + SpecialFunctions.LogGamma(lambda[t, w]);
            }
            elbo -= SpecialFunctions.LogGamma(total);
        }
        return elbo;
    }

    /// <summary>E_q[β_k] = λ_k / Σ_w λ_kw: the learned topics as word distributions.</summary>
    public double[][] TopicMeans()
    {
        var result = new double[Settings.Topics][];
        for (var t = 0; t < Settings.Topics; t++)
        {
            result[t] = new double[corpus.VocabularySize];
            var total = 0.0;
            for (var w = 0; w < corpus.VocabularySize; w++) total += lambda[t, w];
            for (var w = 0; w < corpus.VocabularySize; w++) result[t][w] = lambda[t, w] / total;
        }
        return result;
    }

    private void FitDocument(int d)
    {
        var doc = corpus.Documents[d];
        var k = Settings.Topics;
        var gamma = gammaPerDocument[d];
        var phi = phiPerDocument[d];
        // The first pass starts from a flat γ; later passes warm-start from the last γ, so the E-step only climbs.
        if (Iterations == 0) Array.Fill(gamma, Settings.Alpha + doc.Length / (double)k);
        var eLogTheta = new double[k];
        var previous = new double[k];
        var logits = new double[k];
        for (var iteration = 0; iteration < Settings.MaxLocalIterations; iteration++)
        {
            ExpectedLogDirichlet(gamma, eLogTheta);
            Array.Copy(gamma, previous, k);
            Array.Fill(gamma, Settings.Alpha);
            for (var i = 0; i < doc.WordIds.Length; i++)
            {
                for (var t = 0; t < k; t++) logits[t] = eLogTheta[t] + expectedLogBeta[t, doc.WordIds[i]];
                var logNormaliser = SpecialFunctions.LogSumExp(logits);
                for (var t = 0; t < k; t++)
                {
                    phi[i][t] = Math.Exp(logits[t] - logNormaliser);
                    gamma[t] += doc.Counts[i] * phi[i][t];
                }
            }
            var change = 0.0;
            for (var t = 0; t < k; t++) change += Math.Abs(gamma[t] - previous[t]);
            if (change / k < Settings.LocalTolerance) break;
        }
    }

    private void UpdateExpectedLogBeta()
    {
        for (var t = 0; t < Settings.Topics; t++)
        {
            var total = 0.0;
            for (var w = 0; w < corpus.VocabularySize; w++) total += lambda[t, w];
            var digammaTotal = SpecialFunctions.Digamma(total);
            for (var w = 0; w < corpus.VocabularySize; w++) expectedLogBeta[t, w] = SpecialFunctions.Digamma(lambda[t, w]) - digammaTotal;
        }
    }

    private static void ExpectedLogDirichlet(double[] concentration, double[] result)
    {
        var digammaTotal = SpecialFunctions.Digamma(concentration.Sum());
        for (var i = 0; i < concentration.Length; i++) result[i] = SpecialFunctions.Digamma(concentration[i]) - digammaTotal;
    }
}
