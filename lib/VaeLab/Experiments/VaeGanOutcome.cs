namespace VaeLab.Experiments;

/// <summary>
/// One seed's verdict on section 6's VAE-GAN, by a rule fixed before the run: it <see cref="Worked"/> when its prior
/// samples score a lower FID-like distance than its equal-effort control's (the conv VAE trained from the same VAE phase,
/// on the same images, for the same epochs with the same optimizer), and failed otherwise. With it, what the
/// discriminator says at the end: the share of held-out test images and of the VAE-GAN's prior samples it calls real.
/// </summary>
public sealed record VaeGanOutcome(int Seed, double GanScore, double ControlScore, double RealCalledReal, double GeneratedCalledReal)
{
    public bool Worked => GanScore < ControlScore;

    /// <summary>The discriminator's accuracy on equally many real and generated images (½ is chance, 1 a discriminator that always wins).</summary>
    public double DiscriminatorAccuracy => (RealCalledReal + (1 - GeneratedCalledReal)) / 2;

    public override string ToString() =>
        $"seed {Seed}: {(Worked ? "worked" : "FAILED")} — the VAE-GAN's prior samples score {GanScore:F3}, the control's {ControlScore:F3} " +
        $"(FID-like, lower is better). Its discriminator calls {RealCalledReal:P0} of held-out test images real and {GeneratedCalledReal:P0} " +
        $"of the VAE-GAN's prior samples real: accuracy {DiscriminatorAccuracy:P0} (50 % is chance).";

    /// <summary>How many seeds worked, in one sentence: on every seed, on none ("failed on every seed"), or on some (not settled).</summary>
    public static string Summary(IReadOnlyList<VaeGanOutcome> outcomes)
    {
        if (outcomes.Count == 0) throw new ArgumentException("Give at least one seed's outcome.");
        var worked = outcomes.Count(o => o.Worked);
        return worked == outcomes.Count
            ? $"The VAE-GAN worked on every seed ({worked} of {outcomes.Count}): its prior samples scored better than its control's each time."
            : worked == 0
                ? $"The VAE-GAN training failed on every seed ({outcomes.Count} of {outcomes.Count}): its prior samples scored worse than its control's each time."
                : $"The VAE-GAN worked on {worked} of {outcomes.Count} seeds and failed on the others: whether it helps here is not settled.";
    }
}
