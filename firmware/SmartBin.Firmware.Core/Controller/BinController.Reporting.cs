using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Session;
using SmartBin.Firmware.Core.Weighing;

namespace SmartBin.Firmware.Core.Controller
{
    /// <summary>What the controller tells the world: telemetry and the indicator.</summary>
    public sealed partial class BinController
    {
        /// <summary>Fills and returns the telemetry snapshot (also used by the console's status).</summary>
        public TelemetrySnapshot Snapshot()
        {
            TelemetrySnapshot t = _telemetry;
            t.Utc = _hw.Clock.UtcNow;
            t.UptimeSeconds = _hw.Clock.UptimeMs / 1000;
            t.WeightGrams = Weighing.GrossGrams;
            t.Stable = Weighing.IsStable;
            t.FillPercent = _fill == null ? -1 : _fill.FillPercent;
            t.DistanceMm = _fill == null ? -1 : _fill.DistanceMm;
            t.Full = _fill != null && _fill.IsFull;
            t.RssiDbm = _hw.Platform.WifiRssiDbm;
            t.FreeHeapBytes = _hw.Platform.FreeHeapBytes;
            t.OutboxDepth = Outbox.Count;
            t.OutboxCapacity = Outbox.Capacity;
            t.ScaleFault = FaultCodes.ForScale(Weighing.Fault);
            t.ReaderOk = _hw.Reader.IsHealthy;
            t.SessionState = SessionStateName(Session.State);
            t.CalibrationVersion = Weighing.Calibration.Version;
            t.FirmwareVersion = _firmwareVersion;
            t.CancelledSessions = Session.CancelledCount;
            t.RefusedCards = Session.RefusedCount;
            t.UnattributedDrops = Session.UnattributedCount;
            t.DroppedEvents = Outbox.DroppedEventCount;
            t.RejectedConsoleLines = RejectedConsoleLineCount;
            t.RejectedMessages = RejectedMessageCount;
            return t;
        }

        /// <summary>Wire name of a session state.</summary>
        public static string SessionStateName(SessionState state)
        {
            switch (state)
            {
                case SessionState.WaitingForStableBefore:
                    return "waiting";
                case SessionState.Open:
                    return "open";
                case SessionState.Moving:
                    return "moving";
                default:
                    return "idle";
            }
        }

        private void SendTelemetryIfDue(long nowMs)
        {
            if (_topics == null || !_hw.Mqtt.IsConnected || !_telemetrySchedule.IsDue(nowMs))
            {
                return;
            }

            MessageCodecs.EncodeTelemetry(_writer, Snapshot());
            if (!_writer.Overflowed && _hw.Mqtt.Publish(_topics.Telemetry, _writer.Buffer, _writer.Length, 0, false))
            {
                _telemetrySchedule.MarkSent(nowMs);
            }
        }

        private void ShowState()
        {
            IndicatorPattern pattern = CurrentPattern();
            if ((int)pattern != _lastPattern)
            {
                _lastPattern = (int)pattern;
                _hw.Indicator.Show(pattern);
            }
        }

        private void ShowStateAgain()
        {
            // A refused card (full, fault, service mode): showing the state again plays its sound once, so a
            // resident who cannot see the LED still learns the bin is not taking cards.
            if (_lastPattern >= 0)
            {
                _hw.Indicator.Show((IndicatorPattern)_lastPattern);
            }
        }

        private IndicatorPattern CurrentPattern()
        {
            if (Weighing.Fault != ScaleFault.None || !_hw.Reader.IsHealthy || !IsReady)
            {
                return IndicatorPattern.Fault;
            }

            if (!Session.AcceptNewSessions && !Session.IsActive)
            {
                return IndicatorPattern.Full;
            }

            if (Session.IsActive)
            {
                return Session.State == SessionState.Open && Session.ItemCount == 0 ? IndicatorPattern.CardRead : IndicatorPattern.Weighing;
            }

            return _hw.Mqtt.IsConnected ? IndicatorPattern.Ready : IndicatorPattern.Offline;
        }
    }
}
