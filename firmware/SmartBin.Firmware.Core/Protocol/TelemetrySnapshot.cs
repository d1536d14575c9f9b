using System;

namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>What one telemetry message reports; the controller fills one instance again and again.</summary>
    public sealed class TelemetrySnapshot
    {
        /// <summary>UTC time of the reading.</summary>
        public DateTime Utc;

        /// <summary>Seconds since boot.</summary>
        public long UptimeSeconds;

        /// <summary>Current gross weight, grams.</summary>
        public int WeightGrams;

        /// <summary>Whether the weight is stable.</summary>
        public bool Stable;

        /// <summary>Fill level 0..100, or −1 without a distance reading.</summary>
        public int FillPercent = -1;

        /// <summary>Distance to the contents, mm, or −1 without a reading.</summary>
        public int DistanceMm = -1;

        /// <summary>True once the bin counts as full (after the persistence window).</summary>
        public bool Full;

        /// <summary>Wi-Fi RSSI, dBm.</summary>
        public int RssiDbm;

        /// <summary>Free managed heap, bytes.</summary>
        public int FreeHeapBytes;

        /// <summary>Entries waiting in the outbox.</summary>
        public int OutboxDepth;

        /// <summary>Outbox capacity, entries.</summary>
        public int OutboxCapacity;

        /// <summary>Scale fault code, empty when none.</summary>
        public string ScaleFault = string.Empty;

        /// <summary>Whether the card reader answers.</summary>
        public bool ReaderOk;

        /// <summary>Session state name.</summary>
        public string SessionState = string.Empty;

        /// <summary>Calibration version in force.</summary>
        public int CalibrationVersion;

        /// <summary>Firmware version.</summary>
        public string FirmwareVersion = string.Empty;

        /// <summary>Card sessions cancelled with no drop.</summary>
        public int CancelledSessions;

        /// <summary>Cards refused (outbox or bin full).</summary>
        public int RefusedCards;

        /// <summary>Drop-offs with no card.</summary>
        public int UnattributedDrops;

        /// <summary>Events not queued because the outbox kept its last slots for drop-offs.</summary>
        public int DroppedEvents;

        /// <summary>Console lines rejected.</summary>
        public int RejectedConsoleLines;

        /// <summary>Incoming MQTT messages rejected (malformed ack or cmd).</summary>
        public int RejectedMessages;
    }
}
