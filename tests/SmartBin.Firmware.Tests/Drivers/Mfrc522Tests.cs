using System;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Drivers
{
    public sealed class Mfrc522Tests
    {
        private static readonly byte[] Uid4 = { 0xDE, 0xAD, 0xBE, 0xEF };
        private static readonly byte[] Uid7 = { 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
        private static readonly byte[] Uid10 = { 0x04, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90 };

        private readonly SimulatedClock _clock = new();
        private readonly SimulatedMfrc522Chip _chip;
        private readonly Mfrc522 _reader;
        private readonly byte[] _uid = new byte[Mfrc522.UidBytesMax];

        public Mfrc522Tests()
        {
            _chip = new SimulatedMfrc522Chip(_clock);
            _reader = new Mfrc522(_chip, _chip.ResetPin, _clock);
        }

        [Theory]
        [InlineData(4)]
        [InlineData(7)]
        [InlineData(10)]
        public void Reads_uid_of_every_cascade_level_and_halts_the_card(int size)
        {
            byte[] expected = size == 4 ? Uid4 : size == 7 ? Uid7 : Uid10;
            var card = new SimulatedIso14443Card(expected);
            _chip.Cards.Add(card);

            int length = _reader.ReadCardUid(_uid);

            Assert.Equal(size, length);
            Assert.Equal(expected, _uid[..size]);
            Assert.Equal(SimulatedIso14443Card.CardState.Halt, card.State);
            Assert.Equal(0x40, _chip.Peek(0x15)); // 100 % ASK
            Assert.Equal(0x03, _chip.Peek(0x14) & 0x03); // antenna on
        }

        [Fact]
        public void Card_held_against_the_reader_is_read_on_every_poll()
        {
            _chip.Cards.Add(new SimulatedIso14443Card(Uid7));
            for (int poll = 0; poll < 20; poll++)
            {
                Assert.Equal(7, _reader.ReadCardUid(_uid)); // WUPA wakes the card HLTA halted
                _clock.Advance(50);
            }
        }

        [Fact]
        public void No_card_returns_zero_within_one_timer_period()
        {
            Assert.Equal(0, _reader.ReadCardUid(_uid)); // first poll also brings the chip up
            long before = _clock.UptimeMs;
            Assert.Equal(0, _reader.ReadCardUid(_uid));
            Assert.True(_reader.IsHealthy);
            Assert.True(_clock.UptimeMs - before <= Mfrc522.CommandTimeoutMs);
        }

        [Theory]
        [InlineData(4)]
        [InlineData(7)]
        public void Two_cards_never_give_a_mixed_uid_and_the_remaining_card_reads_once_one_leaves(int size)
        {
            byte[] a = size == 4 ? Uid4 : Uid7;
            byte[] b = (byte[])a.Clone();
            b[^1] ^= 0x5A; // same manufacturer prefix for 7-byte UIDs: the collision shows only at level 2
            var cardA = new SimulatedIso14443Card(a);
            var cardB = new SimulatedIso14443Card(b);
            _chip.Cards.Add(cardA);
            _chip.Cards.Add(cardB);

            for (int poll = 0; poll < 50; poll++)
            {
                int length = _reader.ReadCardUid(_uid);
                Assert.True(length == 0 || _uid[..length].SequenceEqual(a) || _uid[..length].SequenceEqual(b));
                _clock.Advance(50);
            }

            cardA.InField = false;
            int read = 0;
            for (int poll = 0; poll < 3 && read == 0; poll++)
            {
                read = _reader.ReadCardUid(_uid); // a card left in IDLE by the aborted activation answers the next WUPA
            }

            Assert.Equal(size, read);
            Assert.Equal(b, _uid[..size]);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void Card_leaving_mid_read_gives_zero_within_bounded_time(int answersBeforeLeaving)
        {
            Assert.Equal(0, _reader.ReadCardUid(_uid)); // bring the chip up first
            _chip.Cards.Add(new SimulatedIso14443Card(Uid10) { AnswersBeforeLeaving = answersBeforeLeaving });
            long before = _clock.UptimeMs;
            long spiBefore = _chip.SpiTransfers;

            Assert.Equal(0, _reader.ReadCardUid(_uid));
            Assert.True(_clock.UptimeMs - before <= 2 * Mfrc522.CommandTimeoutMs);
            Assert.True(_chip.SpiTransfers - spiBefore < 200);
            Assert.True(_reader.IsHealthy);
        }

        [Theory]
        [InlineData(0x00)]
        [InlineData(0xFF)]
        public void Hung_chip_ignores_soft_reset_and_recovers_after_hard_reset(byte hungValue)
        {
            _chip.Cards.Add(new SimulatedIso14443Card(Uid4));
            Assert.Equal(4, _reader.ReadCardUid(_uid));
            _chip.Hang(hungValue);
            _clock.Advance(Mfrc522.HealthCheckIntervalMs);

            Assert.Equal(4, _reader.ReadCardUid(_uid));

            Assert.True(_reader.IsHealthy);
            Assert.Equal(2, _reader.SoftResetCount); // start-up, then the attempt the hung chip ignored
            Assert.Equal(1, _chip.SoftResetsSeen);
            Assert.Equal(1, _reader.HardResetCount);
            Assert.Equal(1, _chip.HardResetsSeen);
        }

        [Fact]
        public void Chip_that_loses_its_settings_in_a_brownout_is_reconfigured()
        {
            _chip.Cards.Add(new SimulatedIso14443Card(Uid4));
            Assert.Equal(4, _reader.ReadCardUid(_uid));
            _chip.Brownout(); // antenna off, version still fine
            _clock.Advance(Mfrc522.HealthCheckIntervalMs);

            Assert.Equal(4, _reader.ReadCardUid(_uid));
            Assert.Equal(0, _chip.HardResetsSeen);
        }

        [Fact]
        public void Dead_chip_makes_reader_unhealthy_and_polls_return_zero_quickly()
        {
            _chip.Cards.Add(new SimulatedIso14443Card(Uid4));
            Assert.Equal(4, _reader.ReadCardUid(_uid));
            _chip.RecoversOnHardReset = false;
            _chip.Hang(0x00);
            _clock.Advance(Mfrc522.HealthCheckIntervalMs);

            Assert.Equal(0, _reader.ReadCardUid(_uid));
            Assert.False(_reader.IsHealthy);

            long spiBefore = _chip.SpiTransfers;
            for (int poll = 0; poll < 100; poll++)
            {
                Assert.Equal(0, _reader.ReadCardUid(_uid));
                _clock.Advance(50);
            }

            Assert.Equal(0, _chip.SpiTransfers - spiBefore); // no reset storm until the retry interval
            Assert.False(_reader.Reset());
        }

        [Fact]
        public void Reset_through_the_interface_brings_a_recovered_chip_back()
        {
            _chip.RecoversOnHardReset = false;
            _chip.Hang(0xFF);
            Assert.Equal(0, _reader.ReadCardUid(_uid));
            Assert.False(_reader.IsHealthy);

            _chip.RecoversOnHardReset = true; // e.g. a technician reseated the cable
            Assert.True(_reader.Reset());
            Assert.True(_reader.IsHealthy);
        }

        [Fact]
        public void Polls_allocate_nothing()
        {
            _chip.Cards.Add(new SimulatedIso14443Card(Uid10));
            Assert.Equal(10, _reader.ReadCardUid(_uid));
            var absent = new SimulatedIso14443Card(Uid4) { InField = false };
            _chip.Cards.Add(absent);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int poll = 0; poll < 1000; poll++)
            {
                _reader.ReadCardUid(_uid);
                _clock.Advance(50);
                _chip.Cards[0].InField = poll % 3 != 0;
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
