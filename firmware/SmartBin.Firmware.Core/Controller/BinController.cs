using SmartBin.Firmware.Core.Console;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Session;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Core.Telemetry;
using SmartBin.Firmware.Core.Weighing;

namespace SmartBin.Firmware.Core.Controller
{
    /// <summary>
    /// The bin controller: one control loop (<see cref="Tick"/>) that weighs, watches the card reader, runs the
    /// drop-off session, queues drop-offs and events in the flash outbox, sends them until acknowledged, and
    /// reports telemetry. Settings are read once, at construction (boot); changed settings take effect after a reboot.
    /// </summary>
    public sealed partial class BinController : ISessionSink
    {
        /// <summary>Outbox capacity, entries (a few days of drop-offs for a busy bin that lost its network).</summary>
        public const int OutboxCapacity = 200;

        /// <summary>How often the card reader is polled.</summary>
        public const long CardPollMs = 100;

        /// <summary>How often the distance sensor is read.</summary>
        public const long DistancePollMs = 5000;

        /// <summary>
        /// How long after boot a distance sensor that has not sent a frame yet is still starting rather than failed.
        /// An auto-output module sends a frame about every 100 ms; ten of them is a generous allowance.
        /// </summary>
        public const long DistanceStartMs = 1000;

        /// <summary>Minimum fall that counts as a collection, grams.</summary>
        public const int CollectionFallGramsMin = 2000;

        private readonly BinHardware _hw;
        private readonly string _firmwareVersion;
        private readonly JsonWriter _writer = new JsonWriter(ProtocolVersion.PayloadBytesMax);
        private readonly JsonReader _reader = new JsonReader();
        private readonly AckMessage _ack = new AckMessage();
        private readonly BinEvent _event = new BinEvent();
        private readonly TelemetrySnapshot _telemetry = new TelemetrySnapshot();

        private readonly BinTopics? _topics;
        private readonly OutboxPublisher? _publisher;
        private readonly FillLevelMonitor? _fill;
        private readonly CollectionDetector _collections;
        private readonly TelemetrySchedule _telemetrySchedule;
        private ScaleFault _lastScaleFault = ScaleFault.None;
        private bool _lastReaderHealthy = true;
        private bool _powerUpZeroDone;
        private long _lastCardPollMs = -CardPollMs;
        private long _lastDistancePollMs = -DistancePollMs;
        private readonly long _bootMs;
        private long _lastDistanceReadingMs;
        private bool _distanceEverRead;
        private int _lastPattern = -1;
        private long _lastDropOffSequence = -1;

        /// <summary>
        /// Boots the controller: loads the settings, opens (and recovers) the outbox, and builds every component
        /// from the settings once. Changed settings take effect at the next boot.
        /// </summary>
        public BinController(BinHardware hardware, string firmwareVersion, string storageDirectory)
        {
            _hw = hardware;
            _firmwareVersion = firmwareVersion;
            _bootMs = hardware.Clock.UptimeMs;
            Config = new ConfigStore(hardware.Flash, storageDirectory);
            Outbox = new Outbox(hardware.Flash, storageDirectory, OutboxCapacity, ProtocolVersion.PayloadBytesMax);
            CaCertificate = new CaCertificateStore(hardware.Flash, storageDirectory);
            Config.Load();
            Outbox.Open();
            CaCertificate.Load();
            Cards = new CardWatcher(hardware.Reader);

            WeighingConfig weighing = ControllerSettings.Weighing(Config);
            Weighing = new WeighingPipeline(weighing, ControllerSettings.Calibration(Config));
            CalibrationFit = new CalibrationFit(weighing);
            Session = new DropOffSessionMachine(ControllerSettings.Session(Config, weighing, firmwareVersion), hardware.Clock, this);
            string binId = Config.Get("bin.id");
            _topics = BinTopics.IsValidBinId(binId) ? new BinTopics(binId) : null;
            _publisher = _topics == null ? null : new OutboxPublisher(Outbox, hardware.Mqtt, _topics.DropOff, _topics.Event);
            _fill = hardware.Distance == null ? null : new FillLevelMonitor(Config.GetInt("fill.emptyMm"), Config.GetInt("fill.fullMm"),
                Config.GetInt("fill.fullPercent"), Config.GetInt("fill.persistS") * 1000L);
            int nearZeroGrams = Config.GetInt("collect.nearZeroGrams");
            _collections = new CollectionDetector(nearZeroGrams, nearZeroGrams + CollectionFallGramsMin);
            _telemetrySchedule = new TelemetrySchedule(Config.GetInt("telemetry.intervalS") * 1000L);
        }

        /// <summary>Settings.</summary>
        public ConfigStore Config { get; }

        /// <summary>The broker's CA certificate on flash (the console's <c>cert</c> replaces it).</summary>
        public CaCertificateStore CaCertificate { get; }

        /// <summary>The durable queue of drop-offs and events.</summary>
        public Outbox Outbox { get; }

        /// <summary>The weighing pipeline.</summary>
        public WeighingPipeline Weighing { get; }

        /// <summary>The drop-off session.</summary>
        public DropOffSessionMachine Session { get; }

        /// <summary>Reference points collected by the calibration wizard.</summary>
        public CalibrationFit CalibrationFit { get; }

        /// <summary>Card arrivals.</summary>
        public CardWatcher Cards { get; }

        /// <summary>The hardware the controller runs on.</summary>
        public BinHardware Hardware
        {
            get { return _hw; }
        }

        /// <summary>Firmware version string.</summary>
        public string FirmwareVersion
        {
            get { return _firmwareVersion; }
        }

        /// <summary>Topics of this bin, or null while it has no bin id.</summary>
        public BinTopics? Topics
        {
            get { return _topics; }
        }

        /// <summary>Fill level, or null without a distance sensor.</summary>
        public FillLevelMonitor? Fill
        {
            get { return _fill; }
        }

        /// <summary>True once the bin has an id and a calibration: only then are sessions accepted.</summary>
        public bool IsReady
        {
            get { return _topics != null && Weighing.Calibration.Version > 0; }
        }

        /// <summary>
        /// True while an operator calibrates: reference weights going on and off are neither drop-offs nor
        /// collections. Set by the calibration wizard; cleared by <c>calibrate done</c> or a reboot.
        /// </summary>
        public bool ServiceMode { get; set; }

        /// <summary>Incoming MQTT messages that did not parse or validate.</summary>
        public int RejectedMessageCount { get; private set; }

        /// <summary>Drop-offs that could not be queued (must stay 0: sessions start only with room reserved).</summary>
        public int LostDropOffCount { get; private set; }

        /// <summary>Console lines rejected (kept here so telemetry can report them).</summary>
        public int RejectedConsoleLineCount;

        /// <summary>Counts a gateway command that failed or did not validate.</summary>
        public void CountRejectedCommand()
        {
            RejectedMessageCount++;
        }

        /// <summary>One pass of the control loop; call every few tens of milliseconds.</summary>
        public void Tick()
        {
            long nowMs = _hw.Clock.UptimeMs;
            int rawCounts;
            ScaleReadStatus status = _hw.Scale.Read(out rawCounts);
            Weighing.AddSample(status, rawCounts, nowMs);
            TryPowerUpZero(nowMs);
            CheckFaults(nowMs);

            Session.AcceptNewSessions = CanStartSession();
            if (nowMs - _lastCardPollMs >= CardPollMs)
            {
                _lastCardPollMs = nowMs;
                if (Cards.Poll(nowMs) && !Session.PresentCard(Cards.LastCardUid, nowMs))
                {
                    ShowStateAgain();
                }
            }

            Session.Update(nowMs, Weighing.HasReading, Weighing.GrossGrams, Weighing.IsStable);
            WatchCollections();
            ReadDistance(nowMs);
            if (_publisher != null)
            {
                _publisher.Pump(nowMs);
            }

            SendTelemetryIfDue(nowMs);
            ShowState();
        }

        /// <summary>Handles a message from the broker (ack or cmd); malformed ones are counted and ignored.</summary>
        public void HandleMessage(string topic, byte[] payload, int length, CommandConsole console)
        {
            if (_topics == null)
            {
                return;
            }

            bool lengthOk = length >= 0 && length <= payload.Length && length <= ProtocolVersion.PayloadBytesMax;
            if (!lengthOk || !_reader.Parse(payload, 0, length))
            {
                RejectedMessageCount++;
                return;
            }

            if (topic == _topics.Ack)
            {
                HandleAck();
            }
            else if (topic == _topics.Command)
            {
                console.ExecuteRemote(_reader, _topics.CommandResult);
            }
            else
            {
                RejectedMessageCount++;
            }
        }

        /// <summary>Queues an event unless the outbox must keep its last slots for drop-offs.</summary>
        public void QueueEvent(string kind, string code, int grams, string cardUid)
        {
            if (_topics == null || !Outbox.CanAcceptEvent)
            {
                return;
            }

            _event.Sequence = Outbox.ReserveSequence();
            _event.Kind = kind;
            _event.Code = code;
            _event.Grams = grams;
            _event.CardUid = cardUid;
            _event.Utc = _hw.Clock.UtcNow;
            _event.ClockUnset = !_hw.Clock.IsUtcValid;
            MessageCodecs.EncodeEvent(_writer, _topics.BinId, _event);
            if (!_writer.Overflowed)
            {
                Outbox.TryAppend(_event.Sequence, OutboxKind.Event, _writer.Buffer, _writer.Length);
            }
        }

        /// <inheritdoc />
        public void OnDropOff(DropOffRecord record)
        {
            if (_topics == null)
            {
                LostDropOffCount++;
                return;
            }

            record.Sequence = Outbox.ReserveSequence();
            record.CalibrationVersion = Weighing.Calibration.Version;
            MessageCodecs.EncodeDropOff(_writer, _topics.BinId, record);
            bool queued = !_writer.Overflowed && Outbox.TryAppend(record.Sequence, OutboxKind.DropOff, _writer.Buffer, _writer.Length);
            if (!queued)
            {
                LostDropOffCount++;
                return;
            }

            // Done only for a drop-off that is safely queued: the resident walks away trusting it.
            _lastDropOffSequence = record.Sequence;
            _hw.Indicator.Show(IndicatorPattern.Done);
        }

        /// <inheritdoc />
        public void OnSessionCancelled(string cardUid, string reasonCode)
        {
            QueueEvent(BinEventKind.SessionCancelled, reasonCode, 0, cardUid);
        }

        /// <inheritdoc />
        public void OnTamper(string cardUid, int fallGrams)
        {
            QueueEvent(BinEventKind.Tamper, string.Empty, fallGrams, cardUid);
        }

        private bool CanStartSession()
        {
            bool full = _fill != null && _fill.IsFull;
            return IsReady && !ServiceMode && Outbox.CanStartSession && !full && Weighing.Fault == ScaleFault.None;
        }

        private void TryPowerUpZero(long nowMs)
        {
            // Zero once at power-up when the weight first settles; a bin holding plastic is outside the 4 % range
            // and keeps its calibrated zero, which is the right answer then.
            if (!_powerUpZeroDone && Weighing.IsStable)
            {
                string? error;
                Weighing.TrySetZero(nowMs, out error);
                _powerUpZeroDone = true;
            }
        }

        private void CheckFaults(long nowMs)
        {
            ScaleFault fault = Weighing.Fault;
            if (fault != _lastScaleFault)
            {
                if (_lastScaleFault != ScaleFault.None)
                {
                    QueueEvent(BinEventKind.Recovered, FaultCodes.ForScale(_lastScaleFault), 0, string.Empty);
                }

                if (fault != ScaleFault.None)
                {
                    Session.EndSession(nowMs);
                    QueueEvent(BinEventKind.Fault, FaultCodes.ForScale(fault), 0, string.Empty);
                }

                _lastScaleFault = fault;
                _telemetrySchedule.RequestSoon();
            }

            bool readerHealthy = _hw.Reader.IsHealthy;
            if (readerHealthy != _lastReaderHealthy)
            {
                QueueEvent(readerHealthy ? BinEventKind.Recovered : BinEventKind.Fault, FaultCodes.ReaderDown, 0, string.Empty);
                _lastReaderHealthy = readerHealthy;
                _telemetrySchedule.RequestSoon();
            }
        }

        private void WatchCollections()
        {
            if (Session.IsActive || ServiceMode || !Weighing.IsStable)
            {
                return;
            }

            if (_collections.AddStableWeight(Weighing.GrossGrams))
            {
                QueueEvent(BinEventKind.Emptied, string.Empty, _collections.LastRemovedGrams, string.Empty);
                _telemetrySchedule.RequestSoon();
            }
        }

        private void ReadDistance(long nowMs)
        {
            int distanceMm;
            if (_fill == null || _hw.Distance == null || nowMs - _lastDistancePollMs < DistancePollMs)
            {
                return;
            }

            _lastDistancePollMs = nowMs;
            if (!_hw.Distance.TryReadDistance(out distanceMm))
            {
                return;
            }

            NoteDistanceReading(nowMs);
            if (_fill.AddReading(distanceMm, nowMs))
            {
                if (_fill.IsFull)
                {
                    QueueEvent(BinEventKind.Full, string.Empty, 0, string.Empty);
                }

                _telemetrySchedule.RequestSoon();
            }
        }

        /// <summary>
        /// The distance sensor for the self-test: <c>absent</c> without one; <c>ok</c> when it has a reading now or
        /// gave the fill poll one within the poll interval (a frame the poll just took is not missing);
        /// <c>starting</c> within <see cref="DistanceStartMs"/> of boot before its first frame; <c>fail</c> otherwise.
        /// </summary>
        public string CheckDistance()
        {
            if (_hw.Distance == null)
            {
                return "absent";
            }

            long nowMs = _hw.Clock.UptimeMs;
            int distanceMm;
            if (_hw.Distance.TryReadDistance(out distanceMm))
            {
                NoteDistanceReading(nowMs);
                return "ok";
            }

            if (_distanceEverRead)
            {
                return nowMs - _lastDistanceReadingMs <= DistancePollMs + DistanceStartMs ? "ok" : "fail";
            }

            return nowMs - _bootMs < DistanceStartMs ? "starting" : "fail";
        }

        private void NoteDistanceReading(long nowMs)
        {
            _distanceEverRead = true;
            _lastDistanceReadingMs = nowMs;
        }

        private void HandleAck()
        {
            if (_ack.ReadFrom(_reader) != null || _publisher == null)
            {
                RejectedMessageCount++;
                return;
            }

            // Only the latest drop-off's points: acks for a backlog sent after an outage belong to residents long gone.
            bool latest = _ack.Sequence == _lastDropOffSequence;
            if (_publisher.Acknowledge(_ack.Sequence) && _ack.Result == AckMessage.Credited && latest)
            {
                _hw.Indicator.ShowPoints(_ack.Points);
            }
        }

    }
}
