using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// Hashes bin secrets in mosquitto's <c>$7$</c> format (PBKDF2-HMAC-SHA512, 12-byte salt, 64-byte key, base64):
/// <c>$7${iterations}${salt}${hash}</c>. The gateway stores only this string, verifies embedded-broker logins with
/// it, and writes it unchanged into a mosquitto password file, so an external broker accepts the same secrets
/// without the gateway ever keeping them in clear.
/// </summary>
public static class BinSecretHasher
{
    /// <summary>Default PBKDF2 iterations (mosquitto_passwd uses 101; more is slower to brute-force, still ~5 ms a login).</summary>
    public const int DefaultIterations = 10_000;

    private const int SaltBytes = 12;
    private const int KeyBytes = 64;
    private const int IterationsMax = 10_000_000;

    /// <summary>Hashes <paramref name="secret"/> with a fresh random salt.</summary>
    public static string Hash(string secret, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, IterationsMax);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(secret, salt, iterations);
        return string.Create(CultureInfo.InvariantCulture, $"$7${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}");
    }

    /// <summary>True when <paramref name="secret"/> matches <paramref name="hash"/>; false for any malformed hash. Constant time in the key compare.</summary>
    public static bool Verify(string secret, string hash)
    {
        if (string.IsNullOrEmpty(secret) || !TryParse(hash, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Derive(secret, salt, iterations), expected);
    }

    /// <summary>Generates a new random bin secret: 24 bytes as URL-safe base64 (32 characters).</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private static byte[] Derive(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA512, KeyBytes);

    private static bool TryParse(string hash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = [];
        key = [];
        var parts = (hash ?? "").Split('$');
        // "", "7", iterations, salt, key
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != "7" ||
            !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) ||
            iterations < 1 || iterations > IterationsMax)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[3]);
            key = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length > 0 && key.Length == KeyBytes;
    }
}
