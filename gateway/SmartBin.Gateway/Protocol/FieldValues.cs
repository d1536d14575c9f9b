using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Protocol;

/// <summary>
/// Scratch space for one parse: raw field values by slot, which fields were present, and the first problem seen.
/// One instance per thread is reused so parsing a valid message allocates only what the record keeps.
/// </summary>
internal sealed class FieldValues
{
    [ThreadStatic]
    private static FieldValues? perThread;

    private readonly long[] numbers = new long[FieldTable.SlotsMax];
    private readonly string?[] strings = new string?[FieldTable.SlotsMax];
    private HashSet<string>? unknownNames;
    private ulong present;
    private ulong tooBig;

    /// <summary>Detail of the first structural problem (bad-json), or empty.</summary>
    public string JsonProblem { get; set; } = "";

    /// <summary>Detail of the first wrong-typed field (schema), or empty.</summary>
    public string TypeProblem { get; private set; } = "";

    /// <summary>This thread's scratch, cleared.</summary>
    public static FieldValues ForThisThread()
    {
        var values = perThread ??= new FieldValues();
        values.Clear();
        return values;
    }

    /// <summary>Whether the field's key appeared.</summary>
    public bool IsPresent(FieldSpec field) => (present & Bit(field)) != 0;

    /// <summary>Whether an integer field held a number too large for 64 bits.</summary>
    public bool IsTooBig(FieldSpec field) => (tooBig & Bit(field)) != 0;

    /// <summary>Integer (or time ticks, or bool as 0/1) of a field.</summary>
    public long Int(FieldSpec field) => numbers[field.Slot];

    /// <summary>Boolean field.</summary>
    public bool Bool(FieldSpec field) => numbers[field.Slot] != 0;

    /// <summary>Time field.</summary>
    public DateTimeOffset Time(FieldSpec field) => new(numbers[field.Slot], TimeSpan.Zero);

    /// <summary>String field; empty if it was not a string.</summary>
    public string Str(FieldSpec field) => strings[field.Slot] ?? "";

    /// <summary>Marks a key as seen; false if it was already (a duplicate key).</summary>
    public bool MarkPresent(FieldSpec field)
    {
        var fresh = (present & Bit(field)) == 0;
        present |= Bit(field);
        return fresh;
    }

    /// <summary>Remembers an unknown key; false if it was already seen (a duplicate key).</summary>
    public bool MarkUnknown(string name) => (unknownNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    /// <summary>Stores a number (or ticks, or 0/1).</summary>
    public void SetInt(FieldSpec field, long value) => numbers[field.Slot] = value;

    /// <summary>Marks an integer field as too large for 64 bits.</summary>
    public void SetTooBig(FieldSpec field) => tooBig |= Bit(field);

    /// <summary>Stores a string.</summary>
    public void SetStr(FieldSpec field, string value) => strings[field.Slot] = value;

    /// <summary>Records a wrong-typed field; only the first is kept.</summary>
    public void NoteTypeProblem(string detail)
    {
        if (TypeProblem.Length == 0)
        {
            TypeProblem = detail;
        }
    }

    private static ulong Bit(FieldSpec field) => 1UL << field.Slot;

    private void Clear()
    {
        Array.Clear(numbers);
        Array.Clear(strings);
        unknownNames?.Clear();
        present = 0;
        tooBig = 0;
        JsonProblem = "";
        TypeProblem = "";
    }
}
