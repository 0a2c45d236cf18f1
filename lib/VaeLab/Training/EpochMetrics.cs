namespace VaeLab.Training;

/// <summary>
/// One epoch's numbers, per image and in nats. Train values average the training steps (with the weights in
/// force); test values are the plain ELBO (KL weight 1) on the held-out images.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainElbo,
    double TrainReconstruction,
    double TrainKl,
    double? TestElbo,
    double? TestReconstruction,
    double? TestKl,
    double Seconds,
    double ImagesPerSecond,
    double[] KlPerDimension,
    IReadOnlyDictionary<string, double> Terms);

/// <summary>The history of a run.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, double Seconds, bool Resumed)
{
    public EpochMetrics Last => History[^1];
}
