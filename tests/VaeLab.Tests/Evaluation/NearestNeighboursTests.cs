using VaeLab.Evaluation;
using static TorchSharp.torch;

namespace VaeLab.Tests.Evaluation;

public class NearestNeighboursTests
{
    [Fact]
    public void Leave_one_out_votes_exclude_the_point_itself()
    {
        // Two tight pairs far apart, one pair mislabelled at one point: with k = 1 each point's neighbour is its partner.
        using var points = tensor(new float[] { 0, 0, 0, 1, 10, 10, 10, 11 }).reshape(4, 2);
        Assert.Equal(1.0, NearestNeighbours.LeaveOneOutAccuracy(points, [0, 0, 1, 1], k: 1));
        Assert.Equal(0.5, NearestNeighbours.LeaveOneOutAccuracy(points, [0, 0, 1, 2], k: 1));
        // Were the point itself counted, k = 1 would always be right: this labelling scores 0.
        Assert.Equal(0.0, NearestNeighbours.LeaveOneOutAccuracy(points, [0, 1, 2, 3], k: 1));
    }

    [Fact]
    public void Majority_of_five_and_chunking_give_the_same_answer()
    {
        var random = new Random(1);
        var values = new float[600 * 2];
        var labels = new long[600];
        for (var i = 0; i < 600; i++)
        {
            labels[i] = i % 3;
            values[2 * i] = (float)(labels[i] * 4 + random.NextDouble());
            values[2 * i + 1] = (float)random.NextDouble();
        }
        using var points = tensor(values).reshape(600, 2);
        Assert.Equal(1.0, NearestNeighbours.LeaveOneOutAccuracy(points, labels, k: 5));
        var shuffled = labels.OrderBy(_ => random.Next()).ToArray();
        var chance = NearestNeighbours.LeaveOneOutAccuracy(points, shuffled, k: 5, chunkSize: 77);
        Assert.InRange(chance, 0.2, 0.5);
        Assert.Equal(chance, NearestNeighbours.LeaveOneOutAccuracy(points, shuffled, k: 5, chunkSize: 1000));
        Assert.Throws<ArgumentException>(() => NearestNeighbours.LeaveOneOutAccuracy(points, labels.Take(5).ToArray()));
    }
}
