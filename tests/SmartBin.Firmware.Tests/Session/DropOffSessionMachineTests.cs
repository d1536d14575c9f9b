using SmartBin.Firmware.Core.Session;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Session
{
    public sealed class DropOffSessionMachineTests
    {
        private const long TickMs = 100;
        private const string Alice = "04A1B2C3";
        private const string Bob = "04D4E5F6";

        private readonly SimulatedClock _clock = new();
        private readonly RecordingSessionSink _sink = new();
        private readonly SessionConfig _config = new() { EGrams = 10, MinGrams = 200, Material = "PET", FirmwareVersion = "1.0.0" };
        private readonly DropOffSessionMachine _machine;

        public DropOffSessionMachineTests()
        {
            _machine = new DropOffSessionMachine(_config, _clock, _sink);
        }

        [Fact]
        public void Card_then_one_item_yields_one_drop_off_with_net_after_minus_before()
        {
            Hold(5000, 2000);
            Assert.True(_machine.PresentCard(Alice, _clock.UptimeMs));
            Assert.Equal(SessionState.Open, _machine.State);
            Move(5);
            Hold(5000, 2750);
            Hold(_config.CloseAfterIdleMs, 2750);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(Alice, drop.CardUid);
            Assert.Equal(2000, drop.GrossBeforeGrams);
            Assert.Equal(2750, drop.GrossAfterGrams);
            Assert.Equal(750, drop.NetGrams);
            Assert.Equal(1, drop.ItemCount);
            Assert.Equal(DropOffFlags.None, drop.Flags);
            Assert.Equal("PET", drop.Material);
            Assert.Equal(SessionState.Idle, _machine.State);
        }

        [Fact]
        public void Several_items_in_one_session_add_up_to_one_drop_off()
        {
            Hold(2000, 0);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            foreach (int grams in new[] { 300, 550, 1200 })
            {
                Move(4);
                Hold(3000, grams);
            }

            Hold(_config.CloseAfterIdleMs, 1200);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(1200, drop.NetGrams);
            Assert.Equal(3, drop.ItemCount);
        }

        [Fact]
        public void Session_without_a_drop_times_out_cancelled_and_counted()
        {
            Hold(2000, 500);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Hold(_config.NoDropTimeoutMs + TickMs, 500);

            Assert.Empty(_sink.DropOffs);
            Assert.Equal((Alice, "no-drop"), Assert.Single(_sink.Cancelled));
            Assert.Equal(1, _machine.CancelledCount);
            Assert.False(_machine.IsActive);
        }

        [Fact]
        public void Weight_going_down_in_a_session_is_tamper_not_a_negative_drop_off()
        {
            Hold(2000, 5000);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(3);
            Hold(3000, 4000);
            Hold(_config.NoDropTimeoutMs, 4000);

            Assert.Empty(_sink.DropOffs);
            Assert.Equal((Alice, 1000), Assert.Single(_sink.Tampers));
            Assert.Equal((Alice, "tamper"), Assert.Single(_sink.Cancelled));
        }

        [Fact]
        public void Taking_plastic_out_and_putting_it_back_is_never_credited_twice()
        {
            Hold(2000, 1000);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(3);
            Hold(3000, 2000);
            Move(3);
            Hold(3000, 1000);
            Move(3);
            Hold(3000, 2000);
            Hold(_config.CloseAfterIdleMs, 2000);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(1000, drop.NetGrams);
            Assert.NotEqual(0, drop.Flags & DropOffFlags.TamperSeen);
            Assert.Single(_sink.Tampers);
        }

        [Fact]
        public void A_drop_with_no_card_is_recorded_unattributed()
        {
            Hold(2000, 1000);
            Move(4);
            Hold(2000, 1600);
            Hold(_config.CloseAfterIdleMs, 1600);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(string.Empty, drop.CardUid);
            Assert.Equal(600, drop.NetGrams);
            Assert.NotEqual(0, drop.Flags & DropOffFlags.Unattributed);
            Assert.Equal(1, _machine.UnattributedCount);
        }

        [Fact]
        public void Another_card_ends_the_current_session_first()
        {
            Hold(2000, 0);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(3);
            Hold(2000, 400);
            Assert.True(_machine.PresentCard(Bob, _clock.UptimeMs));
            Assert.Equal(Bob, _machine.CardUid);
            Move(3);
            Hold(2000, 1000);
            Hold(_config.CloseAfterIdleMs, 1000);

            Assert.Equal(2, _sink.DropOffs.Count);
            Assert.Equal(Alice, _sink.DropOffs[0].CardUid);
            Assert.Equal(400, _sink.DropOffs[0].NetGrams);
            Assert.NotEqual(0, _sink.DropOffs[0].Flags & DropOffFlags.EndedByOtherCard);
            Assert.Equal(Bob, _sink.DropOffs[1].CardUid);
            Assert.Equal(400, _sink.DropOffs[1].GrossBeforeGrams);
            Assert.Equal(600, _sink.DropOffs[1].NetGrams);
        }

        [Fact]
        public void Same_card_tapped_again_closes_the_session_at_once()
        {
            Hold(2000, 0);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(3);
            Hold(2000, 900);
            Assert.True(_machine.PresentCard(Alice, _clock.UptimeMs));

            Assert.False(_machine.IsActive);
            Assert.Equal(900, Assert.Single(_sink.DropOffs).NetGrams);
        }

        [Fact]
        public void Below_min_drop_is_kept_and_flagged()
        {
            Hold(2000, 0);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(2);
            Hold(2000, 60);
            Hold(_config.CloseAfterIdleMs, 60);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(60, drop.NetGrams);
            Assert.NotEqual(0, drop.Flags & DropOffFlags.BelowMin);
        }

        [Fact]
        public void Noise_within_the_change_threshold_is_not_an_item()
        {
            Hold(2000, 1000);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Hold(2000, 1010);
            Hold(2000, 1000);
            Hold(_config.NoDropTimeoutMs, 1010);

            Assert.Empty(_sink.DropOffs);
            Assert.Single(_sink.Cancelled);
        }

        [Fact]
        public void Card_refused_while_new_sessions_are_not_accepted_and_rises_are_counted()
        {
            Hold(2000, 0);
            _machine.AcceptNewSessions = false;
            Assert.False(_machine.PresentCard(Alice, _clock.UptimeMs));
            Move(3);
            Hold(2000, 700);

            Assert.False(_machine.IsActive);
            Assert.Equal(1, _machine.RefusedCount);
            Assert.Equal(1, _machine.UnrecordedRiseCount);
            Assert.Empty(_sink.DropOffs);
        }

        [Fact]
        public void Card_while_moving_waits_for_a_stable_before_weight()
        {
            Hold(2000, 300);
            Move(2);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Assert.Equal(SessionState.WaitingForStableBefore, _machine.State);
            Hold(2000, 500);
            Assert.Equal(SessionState.Open, _machine.State);
            Move(3);
            Hold(2000, 1500);
            Hold(_config.CloseAfterIdleMs, 1500);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(500, drop.GrossBeforeGrams);
            Assert.Equal(1000, drop.NetGrams);
        }

        [Fact]
        public void A_load_that_never_settles_closes_the_session_flagged_unsettled()
        {
            Hold(2000, 0);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(3);
            Hold(2000, 800);
            Move((int)(_config.NoDropTimeoutMs / TickMs) + 1);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(800, drop.NetGrams);
            Assert.NotEqual(0, drop.Flags & DropOffFlags.Unsettled);
        }

        [Fact]
        public void A_session_closed_before_any_stable_before_weight_credits_nothing()
        {
            // An earlier session leaves its weights behind; they must never become the next card's net.
            Hold(2000, 10_000);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(3);
            Hold(3000, 13_000);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Assert.Equal(3000, Assert.Single(_sink.DropOffs).NetGrams);

            Move(2);
            _machine.PresentCard(Bob, _clock.UptimeMs);
            Assert.Equal(SessionState.WaitingForStableBefore, _machine.State);
            _machine.PresentCard(Bob, _clock.UptimeMs);

            Assert.Single(_sink.DropOffs);
            Assert.Equal((Bob, "no-drop"), Assert.Single(_sink.Cancelled));
        }

        [Fact]
        public void Right_after_boot_a_double_tap_while_moving_credits_nothing()
        {
            Move(5);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Hold(2000, 12_000);
            Assert.Empty(_sink.DropOffs);
        }

        [Fact]
        public void A_session_ended_while_an_item_is_still_settling_is_flagged_unsettled()
        {
            Hold(2000, 0);
            _machine.PresentCard(Alice, _clock.UptimeMs);
            Move(3);
            Hold(2000, 700);
            Move(2);
            _machine.PresentCard(Bob, _clock.UptimeMs);

            DropOffRecord drop = Assert.Single(_sink.DropOffs);
            Assert.Equal(700, drop.NetGrams);
            Assert.NotEqual(0, drop.Flags & DropOffFlags.Unsettled);
        }

        [Fact]
        public void Clock_not_set_is_flagged_on_the_record()
        {
            var clock = new SimulatedClock(new System.DateTime(1970, 1, 1), utcValid: false);
            var sink = new RecordingSessionSink();
            var machine = new DropOffSessionMachine(_config, clock, sink);
            machine.Update(clock.UptimeMs, true, 0, true);
            machine.PresentCard(Alice, clock.UptimeMs);
            machine.Update(clock.UptimeMs, true, 0, false);
            clock.Advance(1000);
            machine.Update(clock.UptimeMs, true, 500, true);
            machine.PresentCard(Alice, clock.UptimeMs);

            Assert.NotEqual(0, Assert.Single(sink.DropOffs).Flags & DropOffFlags.ClockUnset);
        }

        private void Hold(long durationMs, int grossGrams)
        {
            for (long t = 0; t < durationMs; t += TickMs)
            {
                _clock.Advance(TickMs);
                _machine.Update(_clock.UptimeMs, true, grossGrams, isStable: true);
            }
        }

        private void Move(int ticks)
        {
            for (int i = 0; i < ticks; i++)
            {
                _clock.Advance(TickMs);
                _machine.Update(_clock.UptimeMs, true, 0, isStable: false);
            }
        }
    }
}
