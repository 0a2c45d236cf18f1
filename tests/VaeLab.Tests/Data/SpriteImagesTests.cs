using VaeLab.Data;

namespace VaeLab.Tests.Data;

public sealed class SpriteImagesTests
{
    [Fact]
    public void The_training_set_is_the_whole_grid_and_the_test_set_a_sample_of_it_labelled_by_shape()
    {
        var grid = new SpriteGrid(Scales: 2, Rotations: 2, PositionsX: 4, PositionsY: 4);
        using var data = SpriteImages.Load(grid, maxTest: 50);
        Assert.Equal(grid.Count, data.TrainImages.shape[0]);
        Assert.Equal(50, data.TestImages.shape[0]);
        Assert.Equal(new long[] { 1, 32, 32 }, data.TrainImages.shape.Skip(1).ToArray());
        Assert.Equal(["square", "ellipse", "heart"], data.ClassNames);
        // Each shape is a third of the grid.
        Assert.Equal(grid.Count / 3, (data.TrainLabels == 2).sum().item<long>());
        using var few = SpriteImages.Load(grid, maxTrain: 10);
        Assert.Equal(10, few.TrainImages.shape[0]);
        Assert.Equal(SpriteImages.DefaultTestCount > grid.Count ? grid.Count : SpriteImages.DefaultTestCount, few.TestImages.shape[0]);
    }

    [Fact]
    public void Datasets_load_gives_the_default_grid()
    {
        using var data = Datasets.Load(DatasetName.Sprites, maxTest: 8);
        Assert.Equal(new SpriteGrid().Count, data.TrainImages.shape[0]);
        Assert.Equal(8, data.TestImages.shape[0]);
    }
}
