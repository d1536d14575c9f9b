using System.Collections.Generic;
using SmartBin.Firmware.Core.Session;

namespace SmartBin.Firmware.Tests.Session
{
    /// <summary>Keeps copies of what the session machine emitted.</summary>
    internal sealed class RecordingSessionSink : ISessionSink
    {
        public List<DropOffRecord> DropOffs { get; } = new();

        public List<(string Card, string Reason)> Cancelled { get; } = new();

        public List<(string Card, int FallGrams)> Tampers { get; } = new();

        public void OnDropOff(DropOffRecord record)
        {
            DropOffs.Add(new DropOffRecord
            {
                CardUid = record.CardUid,
                SessionStartUtc = record.SessionStartUtc,
                SessionEndUtc = record.SessionEndUtc,
                GrossBeforeGrams = record.GrossBeforeGrams,
                GrossAfterGrams = record.GrossAfterGrams,
                NetGrams = record.NetGrams,
                ItemCount = record.ItemCount,
                Material = record.Material,
                Flags = record.Flags,
                FirmwareVersion = record.FirmwareVersion,
            });
        }

        public void OnSessionCancelled(string cardUid, string reasonCode) => Cancelled.Add((cardUid, reasonCode));

        public void OnTamper(string cardUid, int fallGrams) => Tampers.Add((cardUid, fallGrams));
    }
}
