using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmartBin.Gateway.Staff;

/// <summary>
/// Staff password hashes: PBKDF2-HMAC-SHA256 with a 16-byte random salt per user and a 32-byte result, stored as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>. The iteration count travels with the
/// hash, so raising <see cref="StaffOptions.PasswordIterations"/> never locks anyone out. Verification compares in
/// constant time.
/// </summary>
public static class StaffPasswords
{
    /// <summary>The scheme name at the start of every hash.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Fewest iterations accepted (tests); production uses <see cref="StaffOptions.PasswordIterations"/>.</summary>
    public const int IterationsMin = 1_000;

    /// <summary>Most iterations accepted, also when reading a stored hash (bounds the work one login can cause).</summary>
    public const int IterationsMax = 10_000_000;

    /// <summary>Shortest password a staff account may have, characters.</summary>
    public const int PasswordCharsMin = 12;

    /// <summary>Longest password accepted, characters (PBKDF2 hashes long inputs once, but a cap keeps requests small).</summary>
    public const int PasswordCharsMax = 256;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a new random salt.</summary>
    public static string Hash(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, IterationsMin);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, IterationsMax);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false for a malformed hash too.</summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);
    }

    /// <summary>A why-not for a password a new account may not have, or null when it is acceptable.</summary>
    public static string? Problem(string password) => password.Length switch
    {
        < PasswordCharsMin => $"the password must have at least {PasswordCharsMin} characters",
        > PasswordCharsMax => $"the password must have at most {PasswordCharsMax} characters",
        _ => null,
    };

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) ||
            iterations is < IterationsMin or > IterationsMax)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= SaltBytes && hash.Length == HashBytes;
    }
}
