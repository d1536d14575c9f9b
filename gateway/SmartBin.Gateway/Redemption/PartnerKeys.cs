using System;
using System.Security.Cryptography;
using System.Text;

namespace SmartBin.Gateway.Redemption;

/// <summary>
/// Partner API keys: <c>sbp_{keyId}_{secret}</c>, keyId 12 lower-case hex (public, the lookup key), secret 43
/// base64url characters (32 random bytes). Only SHA-256 of the secret is stored: the secret is random with 256 bits,
/// so a slow password hash would add nothing but latency on every call. Compared in constant time.
/// </summary>
internal static class PartnerKeys
{
    public const string Prefix = "sbp_";
    public const int KeyIdLength = 12;
    public const int SecretLength = 43;
    public const int KeyLength = 4 + KeyIdLength + 1 + SecretLength;

    /// <summary>A new key: the full key (shown once), its key id and the hash to store.</summary>
    public static (string Key, string KeyId, string SecretHash) New()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{keyId}_{secret}", keyId, Hash(secret));
    }

    /// <summary>Splits a presented key; false when its shape is wrong (nothing is looked up then).</summary>
    public static bool TryParse(string? key, out string keyId, out string secret)
    {
        keyId = secret = "";
        // Fixed widths: the secret's base64url alphabet contains '_', so splitting on '_' would be wrong.
        if (key is null || key.Length != KeyLength || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[4 + KeyIdLength] != '_')
        {
            return false;
        }
        keyId = key.Substring(4, KeyIdLength);
        secret = key[(4 + KeyIdLength + 1)..];
        return IsLowerHex(keyId) && IsBase64Url(secret);
    }

    /// <summary>SHA-256 of the secret, lower-case hex (64 characters).</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/>, in constant time.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsLowerHex(string s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsBase64Url(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }
        return true;
    }
}
