using System;
using System.Text.Json;

namespace SmartBin.Cli.Protocol
{
    /// <summary>What one received line means to a tool waiting for replies.</summary>
    internal enum ReplyKind
    {
        /// <summary>Not for us: noise, echo of what we sent, another id's reply, a corrupted line.</summary>
        Other,

        /// <summary>A reply line for the id asked about.</summary>
        Reply,

        /// <summary>The controller's boot line: it restarted, and nothing it was asked before will be answered.</summary>
        Boot,
    }

    /// <summary>
    /// Classifies console lines (docs/console.md). A reply is <c>@id ok</c>, <c>@id error code message</c> or
    /// <c>@id {json}</c>; line noise glued before the <c>@</c> is tolerated, an echo of the request (<c>@id status</c>)
    /// is not a reply, and a JSON body that does not parse was damaged on the wire and is ignored.
    /// </summary>
    internal static class ReplyLine
    {
        public const string BootMarker = "{\"boot\":\"smartbin\"";

        public static ReplyKind Classify(string line, string id, out string body)
        {
            body = string.Empty;
            int boot = line.IndexOf(BootMarker, StringComparison.Ordinal);
            if (boot >= 0 && IsJsonObject(line[boot..]))
            {
                body = line[boot..];
                return ReplyKind.Boot;
            }

            string prefix = "@" + id + " ";
            for (int at = line.LastIndexOf(prefix, StringComparison.Ordinal); at >= 0; at = at == 0 ? -1 : line.LastIndexOf(prefix, at - 1, StringComparison.Ordinal))
            {
                string candidate = line[(at + prefix.Length)..].Trim();
                if (IsReplyBody(candidate))
                {
                    body = candidate;
                    return ReplyKind.Reply;
                }
            }

            return ReplyKind.Other;
        }

        /// <summary>True for <c>ok</c>, <c>error …</c> or a whole JSON object.</summary>
        public static bool IsReplyBody(string text) =>
            text == "ok" || text.StartsWith("error ", StringComparison.Ordinal) || IsJsonObject(text);

        private static bool IsJsonObject(string text)
        {
            if (!text.StartsWith('{'))
            {
                return false;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(text);
                return doc.RootElement.ValueKind == JsonValueKind.Object;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
