using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SmartBin.Gateway.Residents;

/// <summary>
/// The shapes of what a resident types: the card number (the UID printed on the card), a 6-digit PIN and an 8-digit
/// one-time code; which PINs are too easy to guess; new codes. Hashing is <see cref="Staff.StaffPasswords"/>'.
/// </summary>
public static class ResidentSecrets
{
    /// <summary>Digits of a PIN.</summary>
    public const int PinDigits = 6;

    /// <summary>Digits of a one-time code (longer than a PIN, so the two never look alike).</summary>
    public const int CodeDigits = 8;

    /// <summary>Most hex digits of a card UID (the <c>cards</c> table's limit).</summary>
    public const int CardHexMax = 32;

    // Common choices beyond the patterns below (dates and keyboard runs are too many to list; the lockout covers guessing).
    private static readonly string[] Common = ["112233", "123321", "520520", "521521", "147258", "159357", "789456", "696969"];

    /// <summary>
    /// The stored form of a typed card number: spaces, colons and dashes removed, upper case; null when what is
    /// left is not 2 to 32 hex digits (such a number cannot be a card; it is refused like an unknown card).
    /// </summary>
    public static string? NormalizeCard(string? typed)
    {
        if (typed is null)
        {
            return null;
        }
        var hex = new StringBuilder(typed.Length);
        foreach (var c in typed)
        {
            if (c is ' ' or ':' or '-' or '\t')
            {
                continue;
            }
            if (!char.IsAsciiHexDigit(c) || hex.Length >= CardHexMax)
            {
                return null;
            }
            hex.Append(char.ToUpperInvariant(c));
        }
        return hex.Length >= 2 ? hex.ToString() : null;
    }

    /// <summary>True for exactly <paramref name="digits"/> ASCII digits.</summary>
    public static bool IsDigits(string? text, int digits) => text is not null && text.Length == digits && text.All(char.IsAsciiDigit);

    /// <summary>Null when <paramref name="pin"/> may be chosen, else the resource key of the reason.</summary>
    public static string? PinProblem(string? pin)
    {
        if (!IsDigits(pin, PinDigits))
        {
            return "pin.problem.shape";
        }
        var steps = Enumerable.Range(1, PinDigits - 1).Select(i => pin![i] - pin[i - 1]).ToArray();
        var weak = steps.All(s => s == 0) // 000000, 888888
            || steps.All(s => s == 1) || steps.All(s => s == -1) // 123456, 987654
            || Repeats(pin!, 2) || Repeats(pin!, 3) // 121212, 123123
            || Common.Contains(pin, StringComparer.Ordinal);
        return weak ? "pin.problem.weak" : null;
    }

    /// <summary>A new one-time code: <see cref="CodeDigits"/> uniformly random digits.</summary>
    public static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D" + CodeDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The last four characters of a card UID behind asterisks (UIDs are cloneable: never shown whole to others).</summary>
    public static string Masked(string cardUid) => cardUid.Length <= 4 ? cardUid : "****" + cardUid[^4..];

    private static bool Repeats(string pin, int period) => Enumerable.Range(period, pin.Length - period).All(i => pin[i] == pin[i - period]);
}
