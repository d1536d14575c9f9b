using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field with a comma, quote, CR or LF quoted
/// with its quotes doubled. UTF-8 with a byte order mark: without it Excel (zh-CN Windows) reads the file as GBK and
/// shows Chinese names as mojibake. A text cell that starts like a formula (=, +, -, @, tab, CR) gets a leading
/// apostrophe so a spreadsheet shows it instead of running it (OWASP "CSV injection"); numbers are written as numbers.
/// </summary>
public sealed class Csv : IDisposable
{
    /// <summary>UTF-8 with BOM, as written.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    private readonly StreamWriter writer;
    private bool lineStarted;

    /// <summary>Writes to <paramref name="output"/> (left open), starting with the byte order mark.</summary>
    public Csv(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        writer = new StreamWriter(output, Encoding, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
    }

    /// <summary>A text field.</summary>
    public Csv Text(string? value)
    {
        Separator();
        writer.Write(Escape(value ?? ""));
        return this;
    }

    /// <summary>An integer field.</summary>
    public Csv Number(long value)
    {
        Separator();
        writer.Write(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>A decimal field with a point and <paramref name="decimals"/> places; empty for null.</summary>
    public Csv Number(double? value, int decimals)
    {
        Separator();
        if (value is { } v)
        {
            writer.Write(v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }
        return this;
    }

    /// <summary>Grams as kilograms with three decimals, exact (no floating point).</summary>
    public Csv Kilograms(long grams)
    {
        Separator();
        writer.Write(FormatKilograms(grams));
        return this;
    }

    /// <summary>Ends the record.</summary>
    public void EndRow()
    {
        writer.Write("\r\n");
        lineStarted = false;
    }

    /// <summary>A whole record of text fields.</summary>
    public void Row(params string?[] fields)
    {
        foreach (var field in fields)
        {
            Text(field);
        }
        EndRow();
    }

    /// <summary>Flushes to the stream.</summary>
    public void Flush() => writer.Flush();

    /// <summary>Flushes; the stream stays open.</summary>
    public void Dispose() => writer.Dispose();

    /// <summary><paramref name="grams"/> as kg with exactly three decimals, e.g. 1234 → 1.234, -5 → -0.005.</summary>
    public static string FormatKilograms(long grams)
    {
        var sign = grams < 0 ? "-" : "";
        var abs = Math.Abs((decimal)grams);
        return sign + (abs / 1000m).ToString("0.000", CultureInfo.InvariantCulture);
    }

    /// <summary>The field as RFC 4180 writes it (with the formula guard).</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        var quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private void Separator()
    {
        if (lineStarted)
        {
            writer.Write(',');
        }
        lineStarted = true;
    }
}
