using System;
using System.Collections.Generic;
using System.Text.Json;

namespace SmartBin.Cli.Protocol
{
    /// <summary>One reply body, parsed: ok, an error with code and message, or a JSON object.</summary>
    internal sealed class ConsoleReplyText
    {
        private ConsoleReplyText(string text)
        {
            Text = text;
            if (text.StartsWith("error ", StringComparison.Ordinal))
            {
                string rest = text[6..];
                int space = rest.IndexOf(' ');
                ErrorCode = space < 0 ? rest : rest[..space];
                ErrorMessage = space < 0 ? string.Empty : rest[(space + 1)..];
            }
        }

        public string Text { get; }

        public bool IsOk => Text == "ok";

        public bool IsError => ErrorCode is not null;

        public string? ErrorCode { get; }

        public string ErrorMessage { get; } = string.Empty;

        public static ConsoleReplyText Parse(string text) => new(text);

        /// <summary>The JSON object's properties as strings (numbers and booleans in their JSON spelling).</summary>
        public IReadOnlyDictionary<string, string> Fields()
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (IsError || IsOk)
            {
                return fields;
            }

            using JsonDocument doc = JsonDocument.Parse(Text);
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                fields[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText();
            }

            return fields;
        }

        public override string ToString() => Text;
    }
}
