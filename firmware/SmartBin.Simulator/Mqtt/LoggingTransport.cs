using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Simulator.Fleet;

namespace SmartBin.Simulator.Mqtt
{
    /// <summary>
    /// Passes publishes through and tells the person watching about each drop-off and event the bin sends for
    /// the first time (resends stay quiet).
    /// </summary>
    public sealed class LoggingTransport : IMqttTransport
    {
        private readonly IMqttTransport _inner;
        private readonly Action<string> _log;
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<SentDropOff> _dropOffs = new();
        private readonly List<long> _eventSeqs = new();

        public LoggingTransport(IMqttTransport inner, Action<string> log)
        {
            _inner = inner;
            _log = log;
        }

        public bool IsConnected => _inner.IsConnected;

        public int DropOffsSent => _dropOffs.Count;

        /// <summary>Drop-offs sent so far, first sends only, in sequence order.</summary>
        public IReadOnlyList<SentDropOff> DropOffs => _dropOffs;

        /// <summary>Sequence numbers of the events sent so far, first sends only, in order.</summary>
        public IReadOnlyList<long> EventSeqs => _eventSeqs;

        public bool Publish(string topic, byte[] payload, int length, int qos, bool retain)
        {
            bool sent = _inner.Publish(topic, payload, length, qos, retain);
            bool interesting = topic.EndsWith("/dropoff", StringComparison.Ordinal) || topic.EndsWith("/event", StringComparison.Ordinal);
            if (sent && interesting)
            {
                Describe(topic, payload.AsSpan(0, length).ToArray());
            }

            return sent;
        }

        private void Describe(string topic, byte[] payload)
        {
            using JsonDocument doc = JsonDocument.Parse(payload);
            JsonElement m = doc.RootElement;
            string id = m.GetProperty("id").GetString() ?? "?";
            if (!_seen.Add(id))
            {
                return;
            }

            if (topic.EndsWith("/dropoff", StringComparison.Ordinal))
            {
                string uid = m.GetProperty("card").GetString() ?? string.Empty;
                _dropOffs.Add(new SentDropOff(m.GetProperty("seq").GetInt64(), uid, m.GetProperty("netG").GetInt32(), m.GetProperty("flags").GetInt32(),
                    m.GetProperty("material").GetString() ?? string.Empty, Time(m, "start"), Time(m, "end")));
                string card = uid.Length > 0 ? "card " + uid : "no card";
                _log($"-> dropoff {id}: {card}, {m.GetProperty("netG").GetInt32()} g {m.GetProperty("material").GetString()}, {m.GetProperty("items").GetInt32()} item(s), flags {m.GetProperty("flags").GetInt32()}");
            }
            else
            {
                _eventSeqs.Add(m.GetProperty("seq").GetInt64());
                _log($"-> event   {id}: {m.GetProperty("kind").GetString()} {m.GetProperty("code").GetString()} {m.GetProperty("grams").GetInt32()} g");
            }
        }

        private static DateTimeOffset Time(JsonElement m, string name) =>
            DateTimeOffset.Parse(m.GetProperty(name).GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
