using TorchSharp;
using VaeLab.Evaluation.Disentanglement;

namespace VaeLab.Tests.Evaluation;

public sealed class DisentanglementInputTests
{
    [Fact]
    public void Latent_codes_are_copied_row_by_row_from_a_tensor()
    {
        using var tensor = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        var codes = LatentCodes.FromTensor(tensor);
        Assert.Equal(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, codes);
        // A transposed (non-contiguous) view is read in its logical order.
        using var transposed = tensor.t();
        Assert.Equal(new double[,] { { 1, 3, 5 }, { 2, 4, 6 } }, LatentCodes.FromTensor(transposed));
        using var flat = torch.zeros(4);
        Assert.Contains("2-D tensor", Assert.Throws<ArgumentException>(() => LatentCodes.FromTensor(flat)).Message);
    }

    [Fact]
    public void The_split_covers_every_index_once_and_depends_only_on_the_seed()
    {
        var split = TrainTestSplit.Make(100, 0.3, seed: 4);
        Assert.Equal(70, split.Train.Count);
        Assert.Equal(30, split.Test.Count);
        Assert.Equal(Enumerable.Range(0, 100), split.Train.Concat(split.Test).Order());
        Assert.Equal(split.Test, TrainTestSplit.Make(100, 0.3, seed: 4).Test);
        Assert.NotEqual(split.Test, TrainTestSplit.Make(100, 0.3, seed: 5).Test);
        Assert.Contains("empty train or test part", Assert.Throws<ArgumentException>(() => TrainTestSplit.Make(2, 0.1, 0)).Message);
    }
}
