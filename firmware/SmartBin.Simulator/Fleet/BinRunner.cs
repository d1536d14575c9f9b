using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Virtual;
using SmartBin.Simulator.Mqtt;

namespace SmartBin.Simulator.Fleet
{
    /// <summary>
    /// One simulated bin in the fleet: a virtual bin on its own MQTT connection, plus the residents who use it.
    /// Advanced in steps of simulated time by the fleet loop.
    /// </summary>
    public sealed class BinRunner : IAsyncDisposable
    {
        private const int UtcOffsetHoursChina = 8;

        /// <summary>The collection crew empties a bin heavier than this before the next resident comes, grams.</summary>
        public const int CollectionLoadGrams = 25_000;

        // After a visit that leaves a session open, the next resident comes once the bin has closed it (the session's
        // timeout, or its idle close), so each visit's drop-off is unambiguous ground truth. Margins cover settling.
        private const long CloseAfterIdleMs = 15_000;
        private const long SessionClosedMarginMs = 3_000;
        private const long AfterCollectionMs = 10_000;

        private readonly MqttNetTransport _transport;
        private readonly ResidentModel _residents;
        private readonly Queue<(long AtMs, VisitStep Step)> _steps = new();
        private readonly List<ExpectedDropOff> _expected = new();
        private readonly Action<string> _log;
        private readonly int _eGrams;
        private readonly long _noDropTimeoutMs;
        private long _nextVisitMs;

        public BinRunner(string binId, string community, string material, string host, int port, int seed, IFlashFileSystem flash, Action<string> log, BinRunnerOptions? options = null)
        {
            options ??= new BinRunnerOptions();
            BinId = binId;
            _log = line => log($"{binId,-14} {line}");
            var topics = new BinTopics(binId);
            var writer = new JsonWriter(128);
            MessageCodecs.EncodeStatus(writer, online: true, VirtualBin.FirmwareVersion);
            byte[] birth = writer.Buffer[..writer.Length];
            MessageCodecs.EncodeStatus(writer, online: false, VirtualBin.FirmwareVersion);
            byte[] will = writer.Buffer[..writer.Length];
            _transport = new MqttNetTransport(new MqttEndpoint(host, port, binId, binId, "sim-" + binId), topics.Status, birth, will,
                new[] { topics.Ack, topics.Command });
            _transport.ConnectionChanged += (up, why) => _log(up ? "connected to broker" : "broker connection failed: " + why);
            Transport = new LoggingTransport(_transport, _log);
            Bin = new VirtualBin(flash, Transport, seed, chipLevel: options.ChipLevel);
            _residents = new ResidentModel(seed, material, residentCount: 40, options.LongUidPercent, options.MeanVisitGapMs);
            Bin.Boot();
            if (!Bin.Controller.IsReady)
            {
                Bin.Provision(binId, community, material, host, port);
                _log($"provisioned and calibrated ({material}, community {community})");
            }

            Bin.Distance.Empty();
            ResidentsActive = options.ResidentsActive;
            _eGrams = Bin.Controller.Config.GetInt("scale.eGrams");
            _noDropTimeoutMs = Bin.Controller.Config.GetInt("session.timeoutS") * 1000L;
            _nextVisitMs = Bin.Clock.UptimeMs + _residents.NextGapMs(LocalHour());
            _transport.Start();
        }

        public string BinId { get; }

        public VirtualBin Bin { get; }

        public LoggingTransport Transport { get; }

        /// <summary>Residents come (true) or stay home; a visit under way finishes either way.</summary>
        public bool ResidentsActive { get; set; }

        /// <summary>True while a visit's steps are still to come or the bin has a session open.</summary>
        public bool IsBusy => _steps.Count > 0 || Bin.Controller.Session.IsActive;

        /// <summary>The drop-offs the visits so far must leave, in order: the fleet's ground truth.</summary>
        public IReadOnlyList<ExpectedDropOff> Expected => _expected;

        /// <summary>Pairs <see cref="Expected"/> with the drop-offs the bin sent.</summary>
        public TruthComparison CompareWithTruth() => TruthComparison.Of(_expected, Transport.DropOffs, _eGrams);

        /// <summary>Advances the bin by one control-loop tick of simulated time.</summary>
        public void Tick()
        {
            // SNTP stand-in: simulated time runs faster than the wall clock, so without this the bin's clock would
            // drift ahead of the gateway's and its drop-offs would be refused as clock-skew.
            // Never inside a session, though: a bin running faster than the wall clock would step back in time and
            // end a session before it started.
            if (!Bin.Controller.Session.IsActive)
            {
                Bin.Clock.SetUtc(DateTime.UtcNow);
            }

            long nowMs = Bin.Clock.UptimeMs;
            if (ResidentsActive && nowMs >= _nextVisitMs && _steps.Count == 0)
            {
                ScheduleVisit(nowMs);
            }

            while (_steps.Count > 0 && _steps.Peek().AtMs <= nowMs)
            {
                Apply(_steps.Dequeue().Step);
            }

            while (_transport.TryTakeIncoming(out IncomingMessage? message) && message is not null)
            {
                Bin.Deliver(message.Topic, message.Payload);
                if (message.Topic.EndsWith("/ack", StringComparison.Ordinal))
                {
                    _log("<- ack     " + Encoding.UTF8.GetString(message.Payload));
                }
            }

            Bin.Run(VirtualBin.TickMs);
        }

        public ValueTask DisposeAsync() => _transport.DisposeAsync();

        private void ScheduleVisit(long nowMs)
        {
            if (Bin.LoadCell.LoadGrams > CollectionLoadGrams)
            {
                // The collection crew comes when a bin gets heavy, between residents: an "emptied" event follows.
                Bin.LoadCell.SetLoadGrams(0);
                Bin.Distance.Empty();
                _log("collection crew emptied the bin");
                _nextVisitMs = nowMs + AfterCollectionMs;
                return;
            }

            Visit visit = _residents.NextVisit();
            Expect(visit);
            long at = nowMs;
            foreach (VisitStep step in visit.Steps)
            {
                at += step.AfterMs;
                _steps.Enqueue((at, step));
            }

            // The resident taps again when done, which closes the session at once.
            if (visit.Kind is VisitKind.Normal or VisitKind.UnknownCard or VisitKind.TookItemBack)
            {
                _steps.Enqueue((at + 2500, new VisitStep(0, StepKind.TapCard, visit.CardUid)));
                _steps.Enqueue((at + 3000, new VisitStep(0, StepKind.RemoveCard)));
            }

            string who = visit.CardUid.Length > 0 ? "card " + visit.CardUid : "someone without a card";
            _log($"visit: {who}, {visit.Kind}, {visit.TrueNetGrams} g");
            long sessionClosedMs = visit.Kind switch
            {
                VisitKind.ChangedMind => nowMs + _noDropTimeoutMs + SessionClosedMarginMs,
                VisitKind.NoCard => at + CloseAfterIdleMs + SessionClosedMarginMs,
                _ => at,
            };
            _nextVisitMs = Math.Max(sessionClosedMs, at + _residents.NextGapMs(LocalHour()));
        }

        // The bin records any net of at least 2 e (its change threshold); within 1 e of that it may go either way. With
        // no card, the rise is measured against an idle baseline that follows every stable reading, so a small item
        // whose settling passes through a stable step can be absorbed: up to 5 e, such a drop-off may go either way.
        private void Expect(Visit visit)
        {
            int thresholdGrams = 2 * _eGrams;
            if (visit.Kind == VisitKind.ChangedMind || visit.TrueNetGrams < thresholdGrams - _eGrams)
            {
                return;
            }

            int eitherWayGrams = visit.Kind == VisitKind.NoCard ? 5 * _eGrams : thresholdGrams + _eGrams;
            bool optional = visit.TrueNetGrams <= eitherWayGrams;
            _expected.Add(new ExpectedDropOff(visit.Kind, visit.CardUid, visit.TrueNetGrams, optional));
        }

        private void Apply(VisitStep step)
        {
            switch (step.Kind)
            {
                case StepKind.TapCard:
                    Bin.Cards.Present(step.CardUid);
                    break;
                case StepKind.RemoveCard:
                    Bin.Cards.Remove();
                    break;
                case StepKind.DropItem:
                    Bin.LoadCell.AddLoadGrams(step.Grams);
                    Bin.Distance.AddHeight(Math.Max(1, step.Grams / 40));
                    break;
                case StepKind.TakeOut:
                    Bin.LoadCell.AddLoadGrams(-step.Grams);
                    break;
            }
        }

        private int LocalHour() => (Bin.Clock.UtcNow.Hour + UtcOffsetHoursChina) % 24;
    }
}
