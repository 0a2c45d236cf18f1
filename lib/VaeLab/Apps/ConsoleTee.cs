using System.Text;

namespace VaeLab.Apps;

/// <summary>Standard output that still reaches the terminal and is also recorded, in order, into a report.</summary>
internal sealed class ConsoleTee : TextWriter
{
    private readonly TextWriter terminal;
    private readonly Action<string> record;

    public ConsoleTee(TextWriter terminal, Action<string> record)
    {
        this.terminal = terminal;
        this.record = record;
    }

    public override Encoding Encoding => terminal.Encoding;

    public override void Write(char value)
    {
        terminal.Write(value);
        record(value.ToString());
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        terminal.Write(value);
        record(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void Flush() => terminal.Flush();
}
