using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Data;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Charts that describe a dataset before any model sees it.</summary>
public static class DatasetCharts
{
    /// <summary>Examples per class in the training split.</summary>
    public static long[] ClassCounts(ImageDataset data) =>
        data.TrainLabels.bincount(null, data.ClassNames.Count).data<long>().ToArray();

    /// <summary>A bar per class: how many training examples it has.</summary>
    public static GenericChart ClassCountChart(ImageDataset data) =>
        Chart.Column<long, string, string>(values: ClassCounts(data), Keys: data.ClassNames.ToArray(), Name: "training examples")
            .WithTitleText("Training examples per class")
            .WithXAxisStyle<double, double, string>(TitleText: "class")
            .WithYAxisStyle<double, double, string>(TitleText: "count");
}
