using System;
using System.Globalization;
using System.Text;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// Masks residents' names for rankings and exports (README: privacy). Chinese names keep the first and last
/// character (王小明 → 王*明, 王明 → 王*); Latin names keep the first letter of the given name and the initial of
/// each further part (John Doe → J*** D.), with a fixed three stars so the length is not revealed.
/// </summary>
public static class NameMask
{
    /// <summary>The masked form of <paramref name="name"/>, or null for a missing or blank name.</summary>
    public static string? Mask(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var parts = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 1 && IsHan(parts[0]) ? MaskHan(parts[0]) : MaskParts(parts);
    }

    /// <summary>The last four characters of a card UID (the UID itself is what a cloned card would need).</summary>
    public static string CardTail(string cardUid)
    {
        ArgumentNullException.ThrowIfNull(cardUid);
        return cardUid.Length <= 4 ? cardUid : cardUid[^4..];
    }

    private static string MaskHan(string name)
    {
        var elements = TextElements(name);
        return elements.Length switch
        {
            1 => "*",
            2 => elements[0] + "*",
            _ => elements[0] + new string('*', elements.Length - 2) + elements[^1],
        };
    }

    private static string MaskParts(string[] parts)
    {
        var text = new StringBuilder();
        text.Append(TextElements(parts[0])[0]).Append("***");
        for (var i = 1; i < parts.Length; i++)
        {
            text.Append(' ').Append(TextElements(parts[i])[0]).Append('.');
        }
        return text.ToString();
    }

    /// <summary>User-perceived characters, so a name with a character outside the BMP is never cut in half.</summary>
    private static string[] TextElements(string text)
    {
        var info = new StringInfo(text);
        var elements = new string[info.LengthInTextElements];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = info.SubstringByTextElements(i, 1);
        }
        return elements;
    }

    /// <summary>True when every character is a CJK ideograph (or the middle dot of transcribed names, 阿卜杜·热合曼).</summary>
    private static bool IsHan(string word)
    {
        foreach (var rune in word.EnumerateRunes())
        {
            var v = rune.Value;
            var han = v is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x3134F) or (>= 0xF900 and <= 0xFAFF) or 0x00B7 or 0x30FB;
            if (!han)
            {
                return false;
            }
        }
        return true;
    }
}
