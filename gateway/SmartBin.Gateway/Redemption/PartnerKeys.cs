using System;
using System.Security.Cryptography;
using SmartBin.Gateway.Admin;

namespace SmartBin.Gateway.Redemption;

/// <summary>
/// Partner API keys: the operators' key format (<see cref="ApiKeys"/>) with prefix <c>sbp_</c>. The partners table
/// keeps the secret's SHA-256 as lowercase hex.
/// </summary>
internal static class PartnerKeys
{
    public const string Prefix = ApiKeys.PartnerPrefix;
    public const int KeyIdLength = ApiKeys.KeyIdChars;
    public const int SecretLength = ApiKeys.SecretChars;
    public const int KeyLength = ApiKeys.KeyChars;

    public static (string Key, string KeyId, string SecretHash) New()
    {
        var key = ApiKeys.Create(Prefix);
        return (key.Text, key.KeyId, Convert.ToHexStringLower(key.SecretHash));
    }

    public static bool TryParse(string? key, out string keyId, out string secret) => ApiKeys.TryParse(key, Prefix, out keyId, out secret);

    public static string Hash(string secret) => Convert.ToHexStringLower(ApiKeys.HashSecret(secret));

    public static bool Matches(string secret, string storedHash)
    {
        var stored = storedHash.Length == 64 ? Convert.FromHexString(storedHash) : new byte[32];
        return CryptographicOperations.FixedTimeEquals(ApiKeys.HashSecret(secret), stored) && storedHash.Length == 64;
    }
}
