using System.Text;

namespace VaeLab.Apps;

/// <summary>Standard output that still reaches the terminal and is also recorded, in order, into a report.</summary>
internal sealed class ConsoleTee : TextWriter
{
    private readonly TextWriter _terminal;
    private readonly Action<string> _record;

    public ConsoleTee(TextWriter terminal, Action<string> record)
    {
        _terminal = terminal;
        _record = record;
    }

    public override Encoding Encoding => _terminal.Encoding;

    public override void Write(char value)
    {
        _terminal.Write(value);
        _record(value.ToString());
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        _terminal.Write(value);
        _record(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void Flush() => _terminal.Flush();
}
