namespace VaeLab.Data;

/// <summary>
/// A data file is missing, unreadable or not what it claims to be. The message names the file, what was wrong
/// and what to do about it (which command fills <c>data/</c>, or how to enable the download).
/// </summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message) : base(message) { }

    public DatasetException(string message, Exception innerException) : base(message, innerException) { }
}
