using SmartBin.Firmware.Core.Protocol;

namespace SmartBin.Firmware.Core.Console
{
    /// <summary>One console reply being built: a JSON object, <c>ok</c>, or <c>error &lt;code&gt; &lt;message&gt;</c>.</summary>
    public sealed class ConsoleReply
    {
        /// <summary>Creates a reply buffer of a fixed size.</summary>
        public ConsoleReply(int capacityBytes)
        {
            Json = new JsonWriter(capacityBytes);
        }

        /// <summary>The writer holding the reply.</summary>
        public JsonWriter Json { get; }

        /// <summary>True when the reply is an error.</summary>
        public bool Failed { get; private set; }

        /// <summary>Error code of a failed reply.</summary>
        public string ErrorCode { get; private set; } = string.Empty;

        /// <summary>Error message of a failed reply.</summary>
        public string ErrorMessage { get; private set; } = string.Empty;

        /// <summary>Starts a new reply.</summary>
        public void Begin()
        {
            Json.Reset();
            Failed = false;
            ErrorCode = string.Empty;
            ErrorMessage = string.Empty;
        }

        /// <summary>Replies <c>ok</c>.</summary>
        public void Ok()
        {
            Json.Reset();
            Json.WriteText("ok");
        }

        /// <summary>Replies with an error.</summary>
        public void Error(string code, string message)
        {
            Json.Reset();
            Json.WriteText("error " + code + " " + message);
            Failed = true;
            ErrorCode = code;
            ErrorMessage = message;
        }

        /// <summary>The reply as text.</summary>
        public string Text()
        {
            return SmartBin.Firmware.Core.Text.Utf8.Decode(Json.Buffer, 0, Json.Length) ?? string.Empty;
        }
    }
}
