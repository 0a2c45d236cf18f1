namespace VaeLab.Apps;

/// <summary>HTML a notebook would show as HTML (its <c>HTML("…")</c> helper); a file-based app writes it into the report.</summary>
public sealed record HtmlOutput(string Html)
{
    public override string ToString() => Html;
}
