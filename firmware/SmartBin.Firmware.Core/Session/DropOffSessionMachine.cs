using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Session
{
    /// <summary>
    /// Turns stable weights and card taps into drop-offs. A session opens on a card (or on an unattributed
    /// weight rise), takes a stable weight before, follows items going in, and closes after a quiet period,
    /// on the same card tapped again, or on another card. Net = stable gross after − stable gross before, so
    /// taking plastic out and putting it back in can never be credited twice; every fall is reported as tamper.
    /// </summary>
    public sealed class DropOffSessionMachine
    {
        private readonly SessionConfig _config;
        private readonly IClock _clock;
        private readonly ISessionSink _sink;
        private readonly DropOffRecord _record = new DropOffRecord();

        private SessionState _state = SessionState.Idle;
        private bool _active;
        private string _cardUid = string.Empty;
        private long _startMs;
        private int _flags;
        private int _grossBeforeGrams;
        private int _referenceGrams;
        private long _lastChangeMs;
        private long _movingSinceMs;

        private bool _isStableNow;
        private bool _hasStable;
        private int _lastStableGrams;
        private bool _hasIdleBaseline;
        private int _idleBaselineGrams;

        /// <summary>Creates the machine; the record handed to the sink is allocated here once.</summary>
        public DropOffSessionMachine(SessionConfig config, IClock clock, ISessionSink sink)
        {
            string? error = config.Validate();
            if (error != null)
            {
                throw new System.ArgumentException(error, "config");
            }

            _config = config;
            _clock = clock;
            _sink = sink;
        }

        /// <summary>
        /// False while the outbox has no room for another drop-off or the bin is out of service: cards are
        /// refused and unattributed rises are only counted.
        /// </summary>
        public bool AcceptNewSessions = true;

        /// <summary>Current state.</summary>
        public SessionState State
        {
            get { return _state; }
        }

        /// <summary>True while a session (card or unattributed) is open.</summary>
        public bool IsActive
        {
            get { return _active; }
        }

        /// <summary>Card of the open session; empty when none or unattributed.</summary>
        public string CardUid
        {
            get { return _cardUid; }
        }

        /// <summary>Items seen in the open session.</summary>
        public int ItemCount { get; private set; }

        /// <summary>Net weight so far in the open session, grams.</summary>
        public int RunningNetGrams
        {
            get { return _active ? _referenceGrams - _grossBeforeGrams : 0; }
        }

        /// <summary>Card sessions that ended with no drop.</summary>
        public int CancelledCount { get; private set; }

        /// <summary>Cards refused because new sessions were not accepted.</summary>
        public int RefusedCount { get; private set; }

        /// <summary>Falls of the stable weight during a session.</summary>
        public int TamperCount { get; private set; }

        /// <summary>Drops with no card, recorded as unattributed.</summary>
        public int UnattributedCount { get; private set; }

        /// <summary>Weight rises that could not be recorded because new sessions were not accepted.</summary>
        public int UnrecordedRiseCount { get; private set; }

        /// <summary>Feeds one weighing result; call once per control-loop tick.</summary>
        public void Update(long nowMs, bool hasReading, int grossGrams, bool isStable)
        {
            _isStableNow = hasReading && isStable;
            if (_isStableNow)
            {
                _hasStable = true;
                _lastStableGrams = grossGrams;
            }

            switch (_state)
            {
                case SessionState.Idle:
                    UpdateIdle(nowMs, grossGrams);
                    break;
                case SessionState.WaitingForStableBefore:
                    UpdateWaitingForBefore(nowMs, grossGrams);
                    break;
                case SessionState.Open:
                    UpdateOpen(nowMs, hasReading, grossGrams);
                    break;
                case SessionState.Moving:
                    UpdateMoving(nowMs, grossGrams);
                    break;
            }

            CheckTimeouts(nowMs);
        }

        /// <summary>
        /// A card arrived in the reader's field (call on arrival only, not while it stays there).
        /// Returns false when the card was refused.
        /// </summary>
        public bool PresentCard(string cardUid, long nowMs)
        {
            if (_active)
            {
                bool sameCard = _cardUid.Length > 0 && _cardUid == cardUid;
                Close(nowMs, sameCard ? DropOffFlags.None : DropOffFlags.EndedByOtherCard);
                if (sameCard)
                {
                    // Tapping again is how a resident says "done"; it must not open a new session.
                    return true;
                }
            }

            if (!AcceptNewSessions)
            {
                RefusedCount++;
                return false;
            }

            Open(cardUid, nowMs);
            if (_isStableNow)
            {
                TakeBefore(_lastStableGrams, nowMs);
            }
            else
            {
                _state = SessionState.WaitingForStableBefore;
                _movingSinceMs = nowMs;
            }

            return true;
        }

        /// <summary>
        /// Closes an open session now because the scale stopped answering (a fault). The last stable weight stands as
        /// the after-weight, flagged <see cref="DropOffFlags.Unsettled"/> whether or not it was stable a tick ago:
        /// nothing after it was seen, so an item taken back out while the scale was gone would otherwise be credited.
        /// </summary>
        public void EndSession(long nowMs)
        {
            if (_active)
            {
                Close(nowMs, DropOffFlags.Unsettled);
            }
        }

        private void UpdateIdle(long nowMs, int grossGrams)
        {
            if (!_isStableNow)
            {
                return;
            }

            if (!_hasIdleBaseline)
            {
                _hasIdleBaseline = true;
                _idleBaselineGrams = grossGrams;
                return;
            }

            int deltaGrams = grossGrams - _idleBaselineGrams;
            if (deltaGrams >= _config.ChangeThresholdGrams)
            {
                if (AcceptNewSessions)
                {
                    // Plastic went in with no card: an unattributed session from the old baseline.
                    Open(string.Empty, nowMs);
                    TakeBefore(_idleBaselineGrams, nowMs);
                    ApplyStableChange(grossGrams, nowMs);
                    return;
                }

                UnrecordedRiseCount++;
            }

            // Falls (collections, removals) and small drift move the baseline; the collection detector reports falls.
            _idleBaselineGrams = grossGrams;
        }

        private void UpdateWaitingForBefore(long nowMs, int grossGrams)
        {
            if (_isStableNow)
            {
                TakeBefore(grossGrams, nowMs);
                return;
            }

            if (nowMs - _movingSinceMs >= _config.SettleTimeoutMs)
            {
                // Never settled: the last stable weight is the best "before" there is, and the record says so.
                int beforeGrams = _hasStable ? _lastStableGrams : _idleBaselineGrams;
                TakeBefore(beforeGrams, nowMs);
                _flags |= DropOffFlags.Unsettled;
                _state = SessionState.Moving;
                _movingSinceMs = nowMs;
            }
        }

        private void UpdateOpen(long nowMs, bool hasReading, int grossGrams)
        {
            if (!hasReading)
            {
                return;
            }

            if (!_isStableNow)
            {
                _state = SessionState.Moving;
                _movingSinceMs = nowMs;
                return;
            }

            ApplyStableChange(grossGrams, nowMs);
        }

        private void UpdateMoving(long nowMs, int grossGrams)
        {
            if (_isStableNow)
            {
                _state = SessionState.Open;
                ApplyStableChange(grossGrams, nowMs);
            }
        }

        private void ApplyStableChange(int grossGrams, long nowMs)
        {
            int deltaGrams = grossGrams - _referenceGrams;
            if (deltaGrams >= _config.ChangeThresholdGrams)
            {
                ItemCount++;
                _referenceGrams = grossGrams;
                _lastChangeMs = nowMs;
            }
            else if (deltaGrams <= -_config.ChangeThresholdGrams)
            {
                TamperCount++;
                _flags |= DropOffFlags.TamperSeen;
                _referenceGrams = grossGrams;
                _lastChangeMs = nowMs;
                _sink.OnTamper(_cardUid, -deltaGrams);
            }
        }

        private void CheckTimeouts(long nowMs)
        {
            if (!_active)
            {
                return;
            }

            bool hasItems = ItemCount > 0;
            if (_state == SessionState.Open && hasItems && nowMs - _lastChangeMs >= _config.CloseAfterIdleMs)
            {
                Close(nowMs, DropOffFlags.None);
                return;
            }

            if (!hasItems && nowMs - _startMs >= _config.NoDropTimeoutMs)
            {
                Close(nowMs, _isStableNow ? DropOffFlags.None : DropOffFlags.Unsettled);
                return;
            }

            // A load that never settles (someone leaning on the lid) must not hold the session open for ever.
            if (_state == SessionState.Moving && nowMs - _movingSinceMs >= _config.NoDropTimeoutMs)
            {
                Close(nowMs, DropOffFlags.Unsettled);
            }
        }

        private void Open(string cardUid, long nowMs)
        {
            _active = true;
            _cardUid = cardUid;
            _startMs = nowMs;
            _flags = _clock.IsUtcValid ? DropOffFlags.None : DropOffFlags.ClockUnset;
            ItemCount = 0;

            // Until a stable "before" is taken, before and reference stand at the best known baseline, so a
            // session closed early can never measure against a previous session's weights.
            int baselineGrams = _hasStable ? _lastStableGrams : _idleBaselineGrams;
            _grossBeforeGrams = baselineGrams;
            _referenceGrams = baselineGrams;
            _record.SessionStartUtc = _clock.UtcNow;
        }

        private void TakeBefore(int grossBeforeGrams, long nowMs)
        {
            _grossBeforeGrams = grossBeforeGrams;
            _referenceGrams = grossBeforeGrams;
            _lastChangeMs = nowMs;
            _state = SessionState.Open;
        }

        private void Close(long nowMs, int extraFlags)
        {
            int grossAfterGrams = _hasStable ? _lastStableGrams : _referenceGrams;
            bool hadBefore = _state != SessionState.WaitingForStableBefore;
            int netGrams = hadBefore ? grossAfterGrams - _grossBeforeGrams : 0;
            int flags = _flags | extraFlags;
            if (_state == SessionState.Moving)
            {
                // An item may still be settling: the last stable weight leaves it out, and the record says so.
                flags |= DropOffFlags.Unsettled;
            }

            if (!_clock.IsUtcValid)
            {
                flags |= DropOffFlags.ClockUnset;
            }

            if (netGrams >= _config.ChangeThresholdGrams)
            {
                EmitDropOff(grossAfterGrams, netGrams, flags);
            }
            else if (_cardUid.Length > 0)
            {
                CancelledCount++;
                _sink.OnSessionCancelled(_cardUid, (flags & DropOffFlags.TamperSeen) != 0 ? "tamper" : "no-drop");
            }

            _active = false;
            _state = SessionState.Idle;
            _cardUid = string.Empty;
            _hasIdleBaseline = true;
            _idleBaselineGrams = grossAfterGrams;
            _lastChangeMs = nowMs;
        }

        private void EmitDropOff(int grossAfterGrams, int netGrams, int flags)
        {
            if (_cardUid.Length == 0)
            {
                flags |= DropOffFlags.Unattributed;
                UnattributedCount++;
            }

            if (netGrams < _config.MinGrams)
            {
                flags |= DropOffFlags.BelowMin;
            }

            // The protocol carries gross weights from 0 up, and the gateway refuses the whole drop-off otherwise. An
            // empty bin reading a little below zero (noise, drift zero tracking has not followed yet) reads as 0; the
            // net follows the grosses sent, so it stays their difference and can only come out low, never high.
            int grossBeforeSent = _grossBeforeGrams < 0 ? 0 : _grossBeforeGrams;
            int grossAfterSent = grossAfterGrams < 0 ? 0 : grossAfterGrams;
            _record.Sequence = 0;
            _record.CardUid = _cardUid;
            _record.SessionEndUtc = _clock.UtcNow;
            _record.GrossBeforeGrams = grossBeforeSent;
            _record.GrossAfterGrams = grossAfterSent;
            _record.NetGrams = grossAfterSent - grossBeforeSent;
            _record.ItemCount = ItemCount > 0 ? ItemCount : 1;
            _record.Material = _config.Material;
            _record.Flags = flags;
            _record.FirmwareVersion = _config.FirmwareVersion;
            _sink.OnDropOff(_record);
        }
    }
}
