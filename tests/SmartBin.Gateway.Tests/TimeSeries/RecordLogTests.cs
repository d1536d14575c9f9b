using System;
using System.IO;
using System.Linq;
using System.Text;
using SmartBin.Gateway.TimeSeries.Durable;
using Xunit;

namespace SmartBin.Gateway.Tests.TimeSeries;

public sealed class RecordLogTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("smartbin-recordlog-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string S(LogRecord r) => Encoding.UTF8.GetString(r.Payload);

    private string Segment => Directory.GetFiles(dir, "*.seg").Order().Last();

    [Fact]
    public void Records_round_trip_in_order_with_weights_across_reopen()
    {
        using (var log = RecordLog.Open(dir, fsync: true))
        {
            log.Append(B("one\n"), 1);
            log.Append(B("two\nthree\n"), 2);
            log.Append([], 0);
            Assert.Equal(3, log.Count);
            Assert.Equal(3, log.TotalWeight);
        }
        using var reopened = RecordLog.Open(dir, fsync: true);
        Assert.Equal(["one\n", "two\nthree\n", ""], reopened.Peek(10).Select(S));
        Assert.Equal(3, reopened.TotalWeight);
    }

    [Fact]
    public void Removed_records_stay_removed_after_reopen()
    {
        using (var log = RecordLog.Open(dir, fsync: true))
        {
            log.Append(B("a"), 1);
            log.Append(B("b"), 1);
            log.Append(B("c"), 1);
            log.RemoveOldest(2);
            Assert.Equal(["c"], log.Peek(5).Select(S));
        }
        using (var reopened = RecordLog.Open(dir, fsync: true))
        {
            Assert.Equal(["c"], reopened.Peek(5).Select(S));
            reopened.RemoveOldest(1);
            reopened.Append(B("d"), 1);
        }
        using var third = RecordLog.Open(dir, fsync: true);
        Assert.Equal(["d"], third.Peek(5).Select(S));
        Assert.Equal(1, third.TotalWeight);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(15)]
    public void A_torn_last_record_is_cut_off_and_appends_continue(int bytesOfLastRecordWritten)
    {
        using (var log = RecordLog.Open(dir, fsync: true))
        {
            log.Append(B("kept"), 1);
            log.Append(B("torn-record"), 1);
        }
        var full = File.ReadAllBytes(Segment);
        var keptLength = 12 + 4;
        File.WriteAllBytes(Segment, full.AsSpan(0, keptLength + bytesOfLastRecordWritten).ToArray());

        using (var log = RecordLog.Open(dir, fsync: true))
        {
            Assert.Equal(["kept"], log.Peek(5).Select(S));
            Assert.Equal(bytesOfLastRecordWritten, log.TornBytesTruncated);
            log.Append(B("after"), 1);
        }
        using var reopened = RecordLog.Open(dir, fsync: true);
        Assert.Equal(["kept", "after"], reopened.Peek(5).Select(S));
    }

    [Fact]
    public void A_last_record_with_a_bad_checksum_is_cut_off()
    {
        using (var log = RecordLog.Open(dir, fsync: true))
        {
            log.Append(B("good"), 1);
            log.Append(B("flipped"), 1);
        }
        var bytes = File.ReadAllBytes(Segment);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(Segment, bytes);
        using var reopened = RecordLog.Open(dir, fsync: true);
        Assert.Equal(["good"], reopened.Peek(5).Select(S));
        Assert.Equal(1, reopened.TotalWeight);
    }

    [Fact]
    public void Removing_more_than_is_waiting_is_refused()
    {
        using var log = RecordLog.Open(dir, fsync: false);
        log.Append(B("x"), 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.RemoveOldest(2));
        Assert.Equal(1, log.Count);
    }

    [Fact]
    public void Segments_roll_and_old_ones_are_deleted_once_consumed()
    {
        var big = new byte[RecordLog.SegmentBytesMax / 2 + 1];
        using var log = RecordLog.Open(dir, fsync: false);
        log.Append(big, 1);
        log.Append(big, 1);
        log.Append(B("tail"), 1);
        Assert.Equal(2, Directory.GetFiles(dir, "*.seg").Length);
        log.RemoveOldest(2);
        Assert.Single(Directory.GetFiles(dir, "*.seg"));
        Assert.Equal(["tail"], log.Peek(5).Select(S));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Append(0, B("123456789")));
}
