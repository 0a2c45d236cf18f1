using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace VaeLab.Plotting;

/// <summary>What a node of a computation graph is, which sets its shape and colour.</summary>
public enum GraphNodeKind
{
    /// <summary>A leaf we want gradients for (μ, σ).</summary>
    Parameter,

    /// <summary>Randomness that needs no gradient (ε).</summary>
    Noise,

    /// <summary>An operation (+, ×, a sampling call, f).</summary>
    Operation,

    /// <summary>An intermediate or final value (z, loss).</summary>
    Value,
}

public sealed record GraphNode(string Id, string Label, double X, double Y, GraphNodeKind Kind);

/// <summary>A forward edge; <paramref name="Blocked"/> marks an edge that the backward pass cannot cross;
/// <paramref name="Note"/> is written <paramref name="NoteOffset"/> pixels below the edge's midpoint (negative: above).</summary>
public sealed record GraphEdge(string From, string To, bool Blocked = false, string? Note = null, double NoteOffset = 22);

/// <summary>
/// A small computation graph drawn as inline SVG (shows in VS Code, Jupyter and GitHub): forward edges in grey, the
/// backward pass as orange arrows where gradient flows, and a red cross where it is cut. Ends a notebook cell as HTML.
/// </summary>
public sealed class ComputationGraphDiagram : IHtmlContent
{
    private const double NodeRadius = 24;

    public ComputationGraphDiagram(string title, IReadOnlyList<GraphNode> nodes, IReadOnlyList<GraphEdge> edges, double width = 440, double height = 250)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet();
        foreach (var edge in edges)
            if (!ids.Contains(edge.From) || !ids.Contains(edge.To))
                throw new ArgumentException($"Edge {edge.From} → {edge.To} names a node that is not in the graph.", nameof(edges));
        Title = title;
        Nodes = nodes;
        Edges = edges;
        Width = width;
        Height = height;
    }

    public string Title { get; }
    public IReadOnlyList<GraphNode> Nodes { get; }
    public IReadOnlyList<GraphEdge> Edges { get; }
    public double Width { get; }
    public double Height { get; }

    /// <summary>z ~ N(μ, σ²) by a sampling call: z is a new leaf, so the backward pass stops at z.</summary>
    public static ComputationGraphDiagram Sampled() => new(
        "z = sample(N(μ, σ²)): the graph is cut",
        [
            new("mu", "μ", 40, 70, GraphNodeKind.Parameter),
            new("sigma", "σ", 40, 170, GraphNodeKind.Parameter),
            new("sample", "sample", 150, 120, GraphNodeKind.Operation),
            new("z", "z", 250, 120, GraphNodeKind.Value),
            new("f", "f", 330, 120, GraphNodeKind.Operation),
            new("loss", "L", 395, 120, GraphNodeKind.Value),
        ],
        [
            new("mu", "sample"), new("sigma", "sample"),
            new("sample", "z", Blocked: true, Note: "z has no grad_fn", NoteOffset: -26),
            new("z", "f"), new("f", "loss"),
        ]);

    /// <summary>z = μ + σ·ε with ε ~ N(0, I): every step is a differentiable operation, so gradient reaches μ and σ.</summary>
    public static ComputationGraphDiagram Reparameterized() => new(
        "z = μ + σ·ε: gradient reaches μ and σ",
        [
            new("mu", "μ", 40, 60, GraphNodeKind.Parameter),
            new("sigma", "σ", 40, 150, GraphNodeKind.Parameter),
            new("eps", "ε", 40, 225, GraphNodeKind.Noise),
            new("times", "×", 140, 185, GraphNodeKind.Operation),
            new("plus", "+", 200, 105, GraphNodeKind.Operation),
            new("z", "z", 265, 105, GraphNodeKind.Value),
            new("f", "f", 330, 105, GraphNodeKind.Operation),
            new("loss", "L", 395, 105, GraphNodeKind.Value),
        ],
        [
            new("sigma", "times"), new("eps", "times", Blocked: true, Note: "needs no ∇"),
            new("mu", "plus"), new("times", "plus"),
            new("plus", "z"), new("z", "f"), new("f", "loss"),
        ]);

    /// <summary>Several diagrams in one row.</summary>
    public static IHtmlContent SideBySide(params ComputationGraphDiagram[] diagrams) =>
        new HtmlString("<div style=\"display:flex;flex-wrap:wrap;gap:16px\">" +
                       string.Concat(diagrams.Select(d => d.ToSvg())) + "</div>");

    public string ToSvg()
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height + 50}\" viewBox=\"0 0 {Width} {Height + 50}\" font-family=\"sans-serif\">");
        svg.Append("<defs>")
            .Append("<marker id=\"fwd\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#777\"/></marker>")
            .Append("<marker id=\"bwd\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#e67e22\"/></marker>")
            .Append("</defs>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{WebUtility.HtmlEncode(Title)}</text>");

        var byId = Nodes.ToDictionary(n => n.Id);
        var reachable = GradientReachable();
        foreach (var edge in Edges)
        {
            var (from, to) = (byId[edge.From], byId[edge.To]);
            var (x1, y1, x2, y2) = Shorten(from, to);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{x1:F1}\" y1=\"{y1:F1}\" x2=\"{x2:F1}\" y2=\"{y2:F1}\" stroke=\"#777\" stroke-width=\"1.5\" marker-end=\"url(#fwd)\"/>");
            // The backward arrow runs beside the forward edge, from its head to its tail, where gradient flows.
            var (nx, ny) = Normal(x1, y1, x2, y2, 6);
            if (!edge.Blocked && reachable.Contains(edge.To) && from.Kind != GraphNodeKind.Noise)
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line x1=\"{x2 + nx:F1}\" y1=\"{y2 + ny:F1}\" x2=\"{x1 + nx:F1}\" y2=\"{y1 + ny:F1}\" stroke=\"#e67e22\" stroke-width=\"2\" stroke-dasharray=\"5,3\" marker-end=\"url(#bwd)\"/>");
            if (edge.Blocked)
            {
                var (mx, my) = ((x1 + x2) / 2, (y1 + y2) / 2);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path d=\"M{mx - 7:F1},{my - 7:F1}L{mx + 7:F1},{my + 7:F1}M{mx - 7:F1},{my + 7:F1}L{mx + 7:F1},{my - 7:F1}\" stroke=\"#c0392b\" stroke-width=\"3\"/>");
                if (edge.Note is not null)
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<text x=\"{mx:F1}\" y=\"{my + edge.NoteOffset:F1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#c0392b\">{WebUtility.HtmlEncode(edge.Note)}</text>");
            }
        }
        foreach (var node in Nodes) AppendNode(svg, node, reachable.Contains(node.Id));
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"8\" y=\"{Height + 30}\" font-size=\"11\" fill=\"#555\">grey: forward pass · orange dashed: gradient in the backward pass</text>" +
            $"<text x=\"8\" y=\"{Height + 45}\" font-size=\"11\" fill=\"#555\">red ×: no gradient crosses this edge</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder) => writer.Write(ToSvg());

    public override string ToString() => ToSvg();

    /// <summary>Nodes the backward pass from the graph's sinks reaches without crossing a blocked edge.</summary>
    private HashSet<string> GradientReachable()
    {
        var sinks = Nodes.Select(n => n.Id).Where(id => Edges.All(e => e.From != id)).ToList();
        var reached = new HashSet<string>(sinks);
        var frontier = new Queue<string>(sinks);
        while (frontier.Count > 0)
        {
            var current = frontier.Dequeue();
            foreach (var edge in Edges.Where(e => e.To == current && !e.Blocked))
                if (reached.Add(edge.From)) frontier.Enqueue(edge.From);
        }
        return reached;
    }

    private static void AppendNode(StringBuilder svg, GraphNode node, bool getsGradient)
    {
        var (fill, stroke) = node.Kind switch
        {
            GraphNodeKind.Parameter => (getsGradient ? "#d5f5e3" : "#fadbd8", getsGradient ? "#27ae60" : "#c0392b"),
            GraphNodeKind.Noise => ("#eeeeee", "#999999"),
            GraphNodeKind.Operation => ("#fef9e7", "#b7950b"),
            _ => ("#ebf5fb", "#2e86c1"),
        };
        var label = WebUtility.HtmlEncode(node.Label);
        if (node.Kind == GraphNodeKind.Operation)
        {
            var half = HalfWidth(node);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{node.X - half:F1}\" y=\"{node.Y - 16:F1}\" width=\"{2 * half:F1}\" height=\"32\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>");
        }
        else
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{node.X:F1}\" cy=\"{node.Y:F1}\" r=\"{NodeRadius - 4}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>");
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{node.X:F1}\" y=\"{node.Y + 5:F1}\" text-anchor=\"middle\" font-size=\"15\">{label}</text>");
        if (node.Kind == GraphNodeKind.Parameter)
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{node.X:F1}\" y=\"{node.Y + 36:F1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{stroke}\">{(getsGradient ? "gets ∇" : "no ∇")}</text>");
    }

    /// <summary>The edge from border to border: circles end at their radius, operation boxes at their rectangle.</summary>
    private static (double, double, double, double) Shorten(GraphNode from, GraphNode to)
    {
        var (dx, dy) = (to.X - from.X, to.Y - from.Y);
        var length = Math.Max(1e-9, Math.Sqrt(dx * dx + dy * dy));
        var (ux, uy) = (dx / length, dy / length);
        var (a, b) = (Extent(from, ux, uy) + 2, Extent(to, ux, uy) + 4);
        return (from.X + ux * a, from.Y + uy * a, to.X - ux * b, to.Y - uy * b);
    }

    private static double Extent(GraphNode node, double ux, double uy)
    {
        if (node.Kind != GraphNodeKind.Operation) return NodeRadius - 4;
        var (halfWidth, halfHeight) = (HalfWidth(node), 16.0);
        return Math.Min(Math.Abs(ux) < 1e-9 ? double.MaxValue : halfWidth / Math.Abs(ux), Math.Abs(uy) < 1e-9 ? double.MaxValue : halfHeight / Math.Abs(uy));
    }

    private static double HalfWidth(GraphNode node) => Math.Max(NodeRadius - 4, 8 + 4.5 * node.Label.Length);

    private static (double, double) Normal(double x1, double y1, double x2, double y2, double offset)
    {
        var (dx, dy) = (x2 - x1, y2 - y1);
        var length = Math.Max(1e-9, Math.Sqrt(dx * dx + dy * dy));
        return (-dy / length * offset, dx / length * offset);
    }
}
