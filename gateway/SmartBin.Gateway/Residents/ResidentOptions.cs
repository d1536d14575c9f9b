using System.Collections.Generic;
using SmartBin.Gateway.Staff;

namespace SmartBin.Gateway.Residents;

/// <summary>Resident portal settings (section <c>SmartBin:Residents</c>; docs/gateway.md lists each key).</summary>
public sealed class ResidentOptions
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations for PIN and one-time code hashes (as staff passwords). Tests use a low value.</summary>
    public int PinIterations { get; set; } = 600_000;

    /// <summary>Wrong PINs or codes in a row for one card number before it is locked.</summary>
    public int FailuresPerCard { get; set; } = 5;

    /// <summary>How long a card number stays locked after <see cref="FailuresPerCard"/> failures, minutes.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Failed sign-ins one remote address may make per <see cref="AddressWindowS"/> (many cards from one place).</summary>
    public int FailuresPerAddress { get; set; } = 30;

    /// <summary>The per-address failure window, s.</summary>
    public int AddressWindowS { get; set; } = 900;

    /// <summary>How long a one-time code issued by staff stays valid, hours.</summary>
    public int CodeValidHours { get; set; } = 24;

    /// <summary>A resident session ends after this long without a request, minutes (sliding).</summary>
    public int SessionMinutes { get; set; } = 30;

    /// <summary>How often the overview asks whether something changed (a new drop-off), s.</summary>
    public int LivePollS { get; set; } = 15;

    /// <summary>Rows per history page.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>Problems with these options as (key under <c>SmartBin:</c>, value, why); empty when valid.</summary>
    public IEnumerable<(string Key, object? Value, string Why)> Problems()
    {
        if (PinIterations is < StaffPasswords.IterationsMin or > StaffPasswords.IterationsMax)
        {
            yield return ("Residents:PinIterations", PinIterations, $"must be {StaffPasswords.IterationsMin}..{StaffPasswords.IterationsMax}");
        }
        foreach (var (key, value, min, max) in new (string, int, int, int)[]
                 {
                     ("Residents:FailuresPerCard", FailuresPerCard, 1, 100), ("Residents:LockoutMinutes", LockoutMinutes, 1, 1_440),
                     ("Residents:FailuresPerAddress", FailuresPerAddress, 1, 1_000_000), ("Residents:AddressWindowS", AddressWindowS, 1, 86_400),
                     ("Residents:CodeValidHours", CodeValidHours, 1, 720), ("Residents:SessionMinutes", SessionMinutes, 1, 1_440),
                     ("Residents:LivePollS", LivePollS, 1, 3_600), ("Residents:PageSize", PageSize, 5, 200),
                 })
        {
            if (value < min || value > max)
            {
                yield return (key, value, $"must be {min}..{max}");
            }
        }
    }
}
