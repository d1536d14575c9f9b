using System;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Session;
using Xunit;

namespace SmartBin.Firmware.Tests.Protocol
{
    /// <summary>
    /// The largest drop-off and event the bin can produce still fit the payload limit: an overflow would leave a
    /// drop-off unqueued (counted, but lost), so the worst case must be proven to fit.
    /// </summary>
    public sealed class PayloadSizeTests
    {
        private static readonly string LongestBinId = new('z', BinTopics.BinIdLengthMax);
        private static readonly DateTime Latest = new(9999, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc);

        [Fact]
        public void The_largest_drop_off_fits_the_payload_limit()
        {
            var w = new JsonWriter(ProtocolVersion.PayloadBytesMax);
            var r = new DropOffRecord
            {
                Sequence = long.MaxValue,
                CardUid = new string('F', 20),
                SessionStartUtc = Latest,
                SessionEndUtc = Latest,
                GrossBeforeGrams = int.MinValue,
                GrossAfterGrams = int.MinValue,
                NetGrams = int.MinValue,
                ItemCount = int.MinValue,
                Material = "MIXED",
                Flags = int.MinValue,
                CalibrationVersion = int.MinValue,
                FirmwareVersion = new string('\u0001', 32),
            };
            MessageCodecs.EncodeDropOff(w, LongestBinId, r);
            Assert.False(w.Overflowed);
            Assert.InRange(w.Length, 1, ProtocolVersion.PayloadBytesMax);
        }

        [Fact]
        public void The_largest_event_fits_the_payload_limit()
        {
            var w = new JsonWriter(ProtocolVersion.PayloadBytesMax);
            var e = new BinEvent
            {
                Sequence = long.MaxValue,
                Kind = BinEventKind.SessionCancelled,
                Code = "scale-no-samples",
                Utc = Latest,
                Grams = int.MinValue,
                CardUid = new string('F', 20),
                ClockUnset = true,
            };
            MessageCodecs.EncodeEvent(w, LongestBinId, e);
            Assert.False(w.Overflowed);
            Assert.InRange(w.Length, 1, ProtocolVersion.PayloadBytesMax);
        }
    }
}
