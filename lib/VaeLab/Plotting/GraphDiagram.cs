using System.Globalization;
using System.Net;
using System.Text;

namespace VaeLab.Plotting;

/// <summary>
/// A small drawing of a graphical model as inline SVG: circles for random variables (shaded when observed), dots for
/// parameters, arrows (directed) or lines (undirected) for edges, and rounded boxes for plates. A notebook shows it
/// with <c>display(HTML(diagram.ToSvg()))</c>. Coordinates are in pixels, origin top-left.
/// </summary>
public sealed class GraphDiagram
{
    private const double Radius = 22;
    private readonly Dictionary<string, (double X, double Y, string Label, NodeStyle Style)> _nodes = [];
    private readonly List<(string From, string To, bool Directed)> _edges = [];
    private readonly List<(double X, double Y, double Width, double Height, string Label)> _plates = [];

    public GraphDiagram(string title, double width, double height)
    {
        Title = title; Width = width; Height = height;
    }

    public enum NodeStyle { Latent, Observed, Parameter }

    public string Title { get; }
    public double Width { get; }
    public double Height { get; }

    public GraphDiagram Node(string id, double x, double y, string? label = null, NodeStyle style = NodeStyle.Latent)
    {
        if (!_nodes.TryAdd(id, (x, y, label ?? id, style))) throw new ArgumentException($"Node '{id}' is already drawn.", nameof(id));
        return this;
    }

    public GraphDiagram Edge(string from, string to, bool directed = true)
    {
        foreach (var id in new[] { from, to })
            if (!_nodes.ContainsKey(id)) throw new ArgumentException($"Draw node '{id}' before an edge that uses it.");
        _edges.Add((from, to, directed));
        return this;
    }

    /// <summary>Undirected edges between every consecutive pair, e.g. a chain or a grid row.</summary>
    public GraphDiagram Chain(bool directed, params string[] ids)
    {
        for (var i = 0; i + 1 < ids.Length; i++) Edge(ids[i], ids[i + 1], directed);
        return this;
    }

    /// <summary>A plate: everything inside repeats <paramref name="label"/> times (e.g. "N").</summary>
    public GraphDiagram Plate(double x, double y, double width, double height, string label)
    {
        _plates.Add((x, y, width, height, label));
        return this;
    }

    public int NodeCount => _nodes.Count;
    public int EdgeCount => _edges.Count;

    public string ToSvg()
    {
        var s = new StringBuilder();
        // A title wider than the drawing widens the picture; the drawing is centred under it.
        var width = Math.Max(Width, Title.Length * 8.5 + 20);
        var offset = (width - Width) / 2;
        s.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height + 24}\" viewBox=\"0 0 {width} {Height + 24}\" font-family=\"sans-serif\">"));
        s.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>");
        s.Append(Invariant($"<text x=\"{width / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Encode(Title)}</text>"));
        s.Append(Invariant($"<g transform=\"translate({offset},24)\">"));
        foreach (var (x, y, w, h, label) in _plates)
        {
            s.Append(Invariant($"<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"8\" fill=\"none\" stroke=\"#555\"/>"));
            s.Append(Invariant($"<text x=\"{x + w - 8}\" y=\"{y + h - 8}\" text-anchor=\"end\" font-size=\"13\">{Encode(label)}</text>"));
        }
        foreach (var (from, to, directed) in _edges)
        {
            var a = _nodes[from];
            var b = _nodes[to];
            var dx = b.X - a.X;
            var dy = b.Y - a.Y;
            var length = Math.Sqrt(dx * dx + dy * dy);
            if (length < 1e-9) continue;
            var (ux, uy) = (dx / length, dy / length);
            var ra = a.Style == NodeStyle.Parameter ? 5 : Radius;
            var rb = b.Style == NodeStyle.Parameter ? 5 : Radius;
            s.Append(Invariant($"<line x1=\"{a.X + ux * ra:F1}\" y1=\"{a.Y + uy * ra:F1}\" x2=\"{b.X - ux * rb:F1}\" y2=\"{b.Y - uy * rb:F1}\" stroke=\"#333\" stroke-width=\"1.6\"{(directed ? " marker-end=\"url(#arrow)\"" : "")}/>"));
        }
        foreach (var (x, y, label, style) in _nodes.Values)
        {
            if (style == NodeStyle.Parameter)
            {
                s.Append(Invariant($"<circle cx=\"{x}\" cy=\"{y}\" r=\"5\" fill=\"#333\"/>"));
                s.Append(Invariant($"<text x=\"{x + 9}\" y=\"{y - 7}\" font-size=\"14\" font-style=\"italic\">{Encode(label)}</text>"));
                continue;
            }
            var fill = style == NodeStyle.Observed ? "#bbb" : "#fff";
            s.Append(Invariant($"<circle cx=\"{x}\" cy=\"{y}\" r=\"{Radius}\" fill=\"{fill}\" stroke=\"#333\" stroke-width=\"1.6\"/>"));
            s.Append(Invariant($"<text x=\"{x}\" y=\"{y + 5}\" text-anchor=\"middle\" font-size=\"14\" font-style=\"italic\">{Encode(label)}</text>"));
        }
        s.Append("</g></svg>");
        return s.ToString();
    }

    public override string ToString() => ToSvg();

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
