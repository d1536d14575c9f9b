using System;
using System.Collections.Generic;
using System.Text;

namespace SmartBin.Gateway.Protocol;

/// <summary>JSON type a protocol field must have.</summary>
internal enum FieldType
{
    /// <summary>Integer number (no fraction, no exponent), with a range.</summary>
    Int,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>String with a length range (characters).</summary>
    String,

    /// <summary>String holding an ISO 8601 UTC time ending in Z.</summary>
    Time,

    /// <summary>Nested object with its own table.</summary>
    Object,
}

/// <summary>One documented field of a message: its name, type and allowed range. Every documented field is required.</summary>
internal sealed class FieldSpec
{
    internal FieldSpec(string name, FieldType type, long min = 0, long max = 0, string[]? words = null, FieldTable? children = null)
    {
        if (type == FieldType.Object && children is null)
        {
            throw new ArgumentException("an object field needs a child table", nameof(children));
        }
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        Type = type;
        Min = min;
        Max = max;
        Words = words ?? [];
        WordsUtf8 = Array.ConvertAll(Words, Encoding.UTF8.GetBytes);
        Children = children;
    }

    /// <summary>Wire name.</summary>
    public string Name { get; }

    /// <summary>Wire name as UTF-8, for comparing without decoding.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>Expected JSON type.</summary>
    public FieldType Type { get; }

    /// <summary>Smallest value (Int) or length (String).</summary>
    public long Min { get; }

    /// <summary>Largest value (Int) or length (String).</summary>
    public long Max { get; }

    /// <summary>Known values of a String field, handed out as these very instances so parsing does not allocate them.</summary>
    public string[] Words { get; }

    /// <summary><see cref="Words"/> as UTF-8.</summary>
    public byte[][] WordsUtf8 { get; }

    /// <summary>Fields of a nested object.</summary>
    public FieldTable? Children { get; }

    /// <summary>Slot in <see cref="FieldValues"/>, set by the owning table.</summary>
    public int Slot { get; internal set; } = -1;

    /// <summary>Dotted path for details, e.g. <c>counters.cancelled</c>.</summary>
    public string Path { get; internal set; } = "";
}

/// <summary>The documented fields of one JSON object. Slots are unique across a table and its child tables.</summary>
internal sealed class FieldTable
{
    /// <summary>Most slots a message uses (values and presence bits).</summary>
    public const int SlotsMax = 64;

    private FieldTable(FieldSpec[] fields) => Fields = fields;

    /// <summary>A message's top-level table; assigns slots to it and its nested tables.</summary>
    public static FieldTable Message(params FieldSpec[] fields)
    {
        var table = new FieldTable(fields);
        var next = 0;
        AssignSlots(table, "", ref next);
        if (next > SlotsMax)
        {
            throw new ArgumentException($"a message may have at most {SlotsMax} fields", nameof(fields));
        }
        return table;
    }

    /// <summary>A nested object's table; its slots are assigned by the message table that holds it.</summary>
    public static FieldTable Nested(params FieldSpec[] fields) => new(fields);

    /// <summary>Fields in wire order (also the order problems are checked in).</summary>
    public FieldSpec[] Fields { get; }

    /// <summary>The field named by the reader's current property name, or null for an unknown field.</summary>
    public FieldSpec? Find(ReadOnlySpan<byte> unescapedName)
    {
        foreach (var field in Fields)
        {
            if (unescapedName.SequenceEqual(field.Utf8Name))
            {
                return field;
            }
        }
        return null;
    }

    private static void AssignSlots(FieldTable table, string prefix, ref int next)
    {
        foreach (var field in table.Fields)
        {
            if (field.Slot >= 0)
            {
                throw new ArgumentException($"field {field.Name} belongs to two tables");
            }
            field.Slot = next++;
            field.Path = prefix + field.Name;
            if (field.Children is not null)
            {
                AssignSlots(field.Children, field.Path + ".", ref next);
            }
        }
    }
}
