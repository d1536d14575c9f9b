using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// Writes the password and ACL files that make an external mosquitto enforce the same identity and topic rules as
/// the embedded broker: each bin (user = client id = bin id, its <c>$7$</c> hash copied from the registry) may write
/// only its own bin-to-gateway leaves and read only its own <c>ack</c> and <c>cmd</c>; the gateway user reads and
/// writes everything under the root. Files are replaced atomically (temp file + rename) with mode 0600.
/// </summary>
public static class MosquittoFiles
{
    /// <summary>The password file text: one <c>user:hash</c> line per bin, then the gateway user.</summary>
    public static string PasswordFileText(IReadOnlyList<BinCredential> bins, string gatewayUser, string gatewayPasswordHash)
    {
        CheckGatewayUser(bins, gatewayUser);
        var text = new StringBuilder();
        foreach (var bin in Sorted(bins))
        {
            if (bin.SecretHash.IndexOfAny([':', '\n', '\r']) >= 0 || !bin.SecretHash.StartsWith("$7$", StringComparison.Ordinal))
            {
                throw new ArgumentException($"bin '{bin.BinId}' has no mosquitto $7$ secret hash");
            }
            text.Append(bin.BinId).Append(':').Append(bin.SecretHash).Append('\n');
        }
        text.Append(gatewayUser).Append(':').Append(gatewayPasswordHash).Append('\n');
        return text.ToString();
    }

    /// <summary>The ACL file text for topic root <paramref name="root"/>.</summary>
    public static string AclFileText(IReadOnlyList<BinCredential> bins, string root, string gatewayUser)
    {
        CheckGatewayUser(bins, gatewayUser);
        var text = new StringBuilder();
        text.Append("# Written by SmartBin.Gateway mosquitto-files; regenerate after registering bins.\n");
        text.Append("# The gateway reads every bin topic and writes acks and commands.\n");
        text.Append("user ").Append(gatewayUser).Append('\n');
        text.Append("topic readwrite ").Append(root).Append("/#\n");
        foreach (var bin in Sorted(bins))
        {
            text.Append('\n').Append("user ").Append(bin.BinId).Append('\n');
            foreach (var leaf in BinTopics.BinPublishLeaves)
            {
                text.Append("topic write ").Append(BinTopics.Topic(root, bin.BinId, leaf)).Append('\n');
            }
            foreach (var leaf in BinTopics.BinSubscribeLeaves)
            {
                text.Append("topic read ").Append(BinTopics.Topic(root, bin.BinId, leaf)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Writes both files from <paramref name="credentials"/>; the gateway's password is hashed here and never written
    /// in clear. Each file is complete or untouched, never half-written.
    /// </summary>
    public static void Write(IBinCredentials credentials, string root, string passwordFile, string aclFile, string gatewayUser, string gatewayPassword)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(gatewayPassword);
        var bins = credentials.All();
        var passwords = PasswordFileText(bins, gatewayUser, BinSecretHasher.Hash(gatewayPassword));
        var acl = AclFileText(bins, root, gatewayUser);
        WriteAtomically(passwordFile, passwords);
        WriteAtomically(aclFile, acl);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> via a flushed temp file in the same folder.</summary>
    internal static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Secrets hashes: readable by the owner only (mosquitto warns about wider modes).
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(temp, fileOptions))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static IEnumerable<BinCredential> Sorted(IReadOnlyList<BinCredential> bins)
    {
        foreach (var bin in bins.OrderBy(b => b.BinId, StringComparer.Ordinal))
        {
            // A malformed id could break the line formats (':' or spaces) or the topic rules.
            if (!BinTopics.IsBinId(bin.BinId))
            {
                throw new ArgumentException($"'{bin.BinId}' is not a valid bin id");
            }
            yield return bin;
        }
    }

    private static void CheckGatewayUser(IReadOnlyList<BinCredential> bins, string gatewayUser)
    {
        ArgumentException.ThrowIfNullOrEmpty(gatewayUser);
        if (gatewayUser.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"gateway user '{gatewayUser}' must not contain ':' or whitespace");
        }
        if (bins.Any(b => string.Equals(b.BinId, gatewayUser, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"gateway user '{gatewayUser}' is also a bin id");
        }
    }
}
