using SmartBin.Firmware.Core.Session;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Session
{
    public sealed class CardWatcherTests
    {
        private readonly SimulatedCardReader _reader = new();
        private readonly CardWatcher _watcher;
        private long _nowMs;

        public CardWatcherTests()
        {
            _watcher = new CardWatcher(_reader);
        }

        [Fact]
        public void A_card_held_still_is_one_arrival_even_with_dropped_polls()
        {
            _reader.Present("04A1B2C3");
            Assert.True(Poll());
            Assert.Equal("04A1B2C3", _watcher.LastCardUid);
            for (int i = 0; i < 20; i++)
            {
                if (i % 4 == 0)
                {
                    _reader.Remove();
                    Assert.False(Poll());
                    _reader.Present("04A1B2C3");
                }

                Assert.False(Poll());
            }
        }

        [Fact]
        public void The_same_card_arrives_again_after_being_away_long_enough()
        {
            _reader.Present("04A1B2C3");
            Assert.True(Poll());
            _reader.Remove();
            for (long waited = 0; waited <= CardWatcher.AbsenceMs; waited += 100)
            {
                Assert.False(Poll());
            }

            _reader.Present("04A1B2C3");
            Assert.True(Poll());
        }

        [Fact]
        public void A_different_card_arrives_at_once_and_seven_and_ten_byte_uids_are_read_whole()
        {
            _reader.Present("04A1B2C3");
            Assert.True(Poll());
            _reader.Present("04112233445566");
            Assert.True(Poll());
            Assert.Equal("04112233445566", _watcher.LastCardUid);
            _reader.Present("0411223344556677889A");
            Assert.True(Poll());
            Assert.Equal("0411223344556677889A", _watcher.LastCardUid);
        }

        [Fact]
        public void An_unhealthy_reader_yields_no_arrivals()
        {
            _reader.Present("04A1B2C3");
            _reader.IsHealthy = false;
            Assert.False(Poll());
        }

        private bool Poll()
        {
            _nowMs += 100;
            return _watcher.Poll(_nowMs);
        }
    }
}
