using System.Text;
using System.Text.RegularExpressions;

namespace VaeLab.Runner;

/// <summary>Notebook Markdown's formulas made ready for Markdig's math extension (and so for KaTeX).</summary>
internal static partial class MarkdownMath
{
    /// <summary>
    /// Markdown as Jupyter reads it, in the form Markdig's math extension parses: Markdig takes a <c>$$…$$</c> only when
    /// it stays on one line (a formula broken over lines was left as raw TeX, and a <c>{…}</c> in its first line was
    /// even eaten as an attribute), and renders it inline unless it stands on its own lines. So every <c>$$…$$</c> is
    /// joined onto one line, and one that fills its lines becomes a display block, as Jupyter shows it. Inline $…$
    /// broken over lines is joined too.
    /// (<c>$$</c> inside code spans is not expected in the notebooks' prose and is not special-cased.)
    /// </summary>
    internal static string Prepare(string markdown)
    {
        var joined = DisplayMath().Replace(markdown, m => "$$" + m.Groups["tex"].Value.ReplaceLineEndings(" ") + "$$");
        return DisplayMathLine().Replace(JoinInlineMath(joined), m => "$$\n" + m.Groups["tex"].Value.Trim() + "\n$$");
    }

    /// <summary>Puts every inline <c>$…$</c> on one line: delimiters are paired in order within a paragraph (a blank
    /// line resets), <c>\$</c> is a dollar sign, and <c>$$</c> (already on one line) is skipped.</summary>
    private static string JoinInlineMath(string markdown)
    {
        var text = new StringBuilder(markdown.ReplaceLineEndings("\n"));
        int? open = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' && i + 1 < text.Length && text[i + 1] == '\n') open = null;
            if (text[i] != '$' || (i > 0 && text[i - 1] == '\\')) continue;
            if (i + 1 < text.Length && text[i + 1] == '$') { i++; continue; }
            if (open is null) { open = i; continue; }
            for (var j = open.Value; j < i; j++)
                if (text[j] == '\n') text[j] = ' ';
            open = null;
        }
        return text.ToString();
    }

    [GeneratedRegex(@"\$\$(?<tex>[^$]+?)\$\$", RegexOptions.Singleline)]
    private static partial Regex DisplayMath();

    [GeneratedRegex(@"^[ \t]*\$\$(?<tex>[^$\n]+)\$\$[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DisplayMathLine();
}
