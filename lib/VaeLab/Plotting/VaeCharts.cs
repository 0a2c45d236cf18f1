using Plotly.NET;
using Plotly.NET.CSharp;
using VaeLab.Evaluation;
using VaeLab.Training;
using Chart = Plotly.NET.CSharp.Chart;

namespace VaeLab.Plotting;

/// <summary>Plotly charts of VAE training and evaluation.</summary>
public static class VaeCharts
{
    /// <summary>Training ELBO averaged over each epoch's steps (the weights change during the epoch, so it lags) and test ELBO after each epoch (nats per image), one pair of lines per named run.</summary>
    public static GenericChart ElboCurves(IReadOnlyDictionary<string, IReadOnlyList<EpochMetrics>> runs)
    {
        var lines = new List<GenericChart>();
        foreach (var (name, history) in runs)
        {
            var epochs = history.Select(m => (double)m.Epoch).ToArray();
            lines.Add(Chart.Line<double, double, string>(x: epochs, y: history.Select(m => m.Train.Elbo), Name: $"{name} train (epoch average)", ShowMarkers: true));
            if (history.All(m => m.Test is not null))
                lines.Add(Chart.Line<double, double, string>(x: epochs, y: history.Select(m => m.Test!.Elbo), Name: $"{name} test (after the epoch)", ShowMarkers: true));
        }
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "ELBO (nats per image, higher is better)")
            .WithTitleText("Train and test ELBO per epoch");
    }

    /// <summary>Reconstruction and KL per epoch for one run: where the nats go.</summary>
    public static GenericChart ElboTerms(IReadOnlyList<EpochMetrics> history)
    {
        var epochs = history.Select(m => (double)m.Epoch).ToArray();
        return Chart.Combine([
                Chart.Line<double, double, string>(x: epochs, y: history.Select(m => m.Train.ReconstructionLoss), Name: "reconstruction loss −E[log p(x|z)]", ShowMarkers: true),
                Chart.Line<double, double, string>(x: epochs, y: history.Select(m => m.Train.Kl), Name: "KL(q(z|x) ‖ p(z))", ShowMarkers: true),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "nats per image")
            .WithTitleText("Reconstruction and KL per epoch (training)");
    }

    /// <summary>The importance-weighted bound against k (log axis), with the ELBO as a reference line.</summary>
    public static GenericChart ImportanceWeighted(IwaeCurve curve, string name = "L_k")
    {
        var ks = curve.Ks.Select(k => (double)k).ToArray();
        return Chart.Combine([
                Chart.Line<double, double, string>(x: ks, y: curve.Bounds, Name: name, ShowMarkers: true),
                Chart.Line<double, double, string>(x: [ks[0], ks[^1]], y: [curve.MeanLogWeight, curve.MeanLogWeight], Name: "ELBO (mean log-weight)", LineDash: StyleParam.DrawingStyle.Dash),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "k (importance samples)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "bound on log p(x) (nats per image)")
            .WithTitleText("Importance-weighted bound L_k against k");
    }

    /// <summary>Encoder means of a 2-D latent model, one colour per class.</summary>
    public static GenericChart LatentMap(double[] z1, double[] z2, long[] labels, IReadOnlyList<string> classNames)
    {
        var points = new List<GenericChart>();
        for (var c = 0; c < classNames.Count; c++)
        {
            var indices = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            points.Add(Chart.Point<double, double, string>(x: indices.Select(i => z1[i]), y: indices.Select(i => z2[i]), Name: classNames[c], Opacity: 0.6));
        }
        return Chart.Combine(points)
            .WithXAxisStyle<double, double, string>(TitleText: "z₁ (encoder mean)")
            .WithYAxisStyle<double, double, string>(TitleText: "z₂ (encoder mean)")
            .WithSize(Width: 650, Height: 550)
            .WithTitleText("Encoder means of test images, coloured by class");
    }

    /// <summary>Test ELBO (and optionally an IWAE estimate) against the latent size.</summary>
    public static GenericChart LatentSweep(IReadOnlyList<int> sizes, IReadOnlyList<double> testElbo, IReadOnlyList<double>? iwae = null)
    {
        var x = sizes.Select(s => (double)s).ToArray();
        var lines = new List<GenericChart> { Chart.Line<double, double, string>(x: x, y: testElbo, Name: "test ELBO", ShowMarkers: true) };
        if (iwae is not null) lines.Add(Chart.Line<double, double, string>(x: x, y: iwae, Name: "test IWAE bound", ShowMarkers: true));
        return Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: "latent size", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "nats per image (higher is better)")
            .WithTitleText("Test ELBO against latent size");
    }
}
