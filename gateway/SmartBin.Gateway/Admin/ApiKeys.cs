using System;
using System.Security.Cryptography;
using System.Text;

namespace SmartBin.Gateway.Admin;

/// <summary>A freshly made API key: the text handed to the operator once, and what the store keeps.</summary>
/// <param name="Text">The whole key, <c>sbk_&lt;keyId&gt;_&lt;secret&gt;</c>.</param>
/// <param name="KeyId">The public part (12 lowercase hex characters), the lookup key.</param>
/// <param name="SecretHash">SHA-256 of the secret part.</param>
public sealed record NewApiKey(string Text, string KeyId, byte[] SecretHash);

/// <summary>
/// API keys of operators (<c>sbk_</c>) and redemption partners (<c>sbp_</c>): <c>&lt;prefix&gt;&lt;keyId&gt;_&lt;secret&gt;</c>, keyId = 6 random bytes as lowercase hex, secret = 32 random
/// bytes as unpadded base64url (43 characters). Only SHA-256 of the secret is stored: 256 random bits need no
/// slow KDF, and a plain hash keeps every request cheap. Comparison is constant time.
/// </summary>
public static class ApiKeys
{
    /// <summary>Prefix of every operator key (lets secret scanners recognise a leaked one).</summary>
    public const string Prefix = "sbk_";

    /// <summary>Prefix of every redemption partner key.</summary>
    public const string PartnerPrefix = "sbp_";

    /// <summary>Characters of the key id.</summary>
    public const int KeyIdChars = 12;

    /// <summary>Characters of the secret (32 bytes, base64url without padding).</summary>
    public const int SecretChars = 43;

    /// <summary>Total length of a key.</summary>
    public const int KeyChars = 4 + KeyIdChars + 1 + SecretChars;

    /// <summary>Makes a new random key with <paramref name="prefix"/> (4 characters; operators' by default).</summary>
    public static NewApiKey Create(string prefix = Prefix)
    {
        if (prefix.Length != Prefix.Length)
        {
            throw new ArgumentException("key prefixes are 4 characters", nameof(prefix));
        }


        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdChars / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return new NewApiKey(prefix + keyId + "_" + secret, keyId, HashSecret(secret));
    }

    /// <summary>Splits an operator key into id and secret; false when it is not shaped like one.</summary>
    public static bool TryParse(string? key, out string keyId, out string secret) => TryParse(key, Prefix, out keyId, out secret);

    /// <summary>
    /// Splits <paramref name="key"/> into id and secret; false when it is not shaped like a key with
    /// <paramref name="prefix"/>. Fixed widths: the secret's base64url alphabet holds '_', so no splitting on '_'.
    /// </summary>
    public static bool TryParse(string? key, string prefix, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (key is null || key.Length != KeyChars || !key.StartsWith(prefix, StringComparison.Ordinal) || key[4 + KeyIdChars] != '_')
        {
            return false;
        }
        var id = key.Substring(4, KeyIdChars);
        var rest = key.Substring(4 + KeyIdChars + 1);
        if (id.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0 || !IsBase64Url(rest))
        {
            return false;
        }
        keyId = id;
        secret = rest;
        return true;
    }

    /// <summary>SHA-256 of the secret's UTF-8 text.</summary>
    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/>, in time independent of where they differ.</summary>
    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(HashSecret(secret), storedHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsBase64Url(string text) =>
        text.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;
}
