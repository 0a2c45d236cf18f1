namespace VaeLab.Evaluation;

/// <summary>
/// Fano's inequality (Cover &amp; Thomas, Elements of Information Theory, 2nd ed., §2.10) turned into the best accuracy any
/// read-out can reach. For a label Y uniform over K classes and anything Z that carries at most I nats about it
/// (I(Y; Z) ≤ I), every guess Ŷ(Z) errs with probability P_e satisfying
/// H(Y | Z) ≤ h(P_e) + P_e log(K − 1), h the binary entropy, and H(Y | Z) = log K − I(Y; Z) ≥ log K − I.
/// So the accuracy 1 − P_e is at most the largest a for which h(1 − a) + (1 − a) log(K − 1) ≥ log K − I. A VAE's
/// sampled z carries at most I(x; z) ≤ E_x KL(q(z|x) ‖ p(z)) nats about x, and so at most that about a label of x (data
/// processing): a posterior whose average KL is a few hundredths of a nat cannot let anyone read the label from z much
/// better than chance, whatever its posterior means show.
/// </summary>
public static class FanoBound
{
    /// <summary>
    /// The largest accuracy of any read-out of a label uniform over <paramref name="classes"/> classes from a variable
    /// that carries at most <paramref name="informationNats"/> nats about it: 1/K at 0 nats, 1 from log K nats on.
    /// </summary>
    public static double MaxAccuracy(double informationNats, int classes)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A label needs at least 2 classes.");
        if (!(informationNats >= 0) || double.IsNaN(informationNats))
            throw new ArgumentOutOfRangeException(nameof(informationNats), informationNats, "Information is a number of nats ≥ 0.");
        var remaining = Math.Log(classes) - informationNats;  // the lower bound on H(Y | Z)
        if (remaining <= 0) return 1.0;
        // f(P_e) = h(P_e) + P_e log(K − 1) rises from 0 at P_e = 0 to log K at P_e = (K − 1)/K: find where it reaches
        // `remaining`; every P_e below that is ruled out.
        double low = 0, high = (classes - 1.0) / classes;
        for (var i = 0; i < 200; i++)
        {
            var mid = 0.5 * (low + high);
            if (ErrorEntropy(mid, classes) < remaining) low = mid;
            else high = mid;
        }
        return 1 - high;
    }

    private static double ErrorEntropy(double error, int classes)
    {
        double BinaryEntropy(double p) => p <= 0 || p >= 1 ? 0 : -p * Math.Log(p) - (1 - p) * Math.Log(1 - p);
        return BinaryEntropy(error) + error * Math.Log(classes - 1);
    }
}
