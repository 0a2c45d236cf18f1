using SkiaSharp;

namespace VaeLab.Plotting;

/// <summary>
/// The font for text drawn into PNG figures. SkiaSharp's Linux "NoDependencies" build has no fontconfig, so a font is
/// loaded from a file: DejaVu Sans (Debian's fonts-dejavu-core, which scripts/setup installs) when present.
/// </summary>
internal static class Labels
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ];

    public static SKFont Font(float size, bool bold = false)
    {
        var path = Candidates.Where(File.Exists).OrderBy(p => p.Contains("Bold", StringComparison.Ordinal) == bold ? 0 : 1).FirstOrDefault();
        var typeface = path is null ? SKTypeface.Default : SKTypeface.FromFile(path) ?? SKTypeface.Default;
        return new SKFont(typeface, size);
    }
}
