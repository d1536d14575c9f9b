using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace SmartBin.Gateway.TimeSeries.Durable;

/// <summary>
/// A durable FIFO of byte records on disk: append at the tail, read and remove at the head. Records live in segment
/// files (<c>00000000000000000001.seg</c>, rolled at <see cref="SegmentBytesMax"/>) as
/// <c>[u32 length][u32 weight][u32 crc32(weight, payload)][payload]</c>, little-endian. The head position is kept in a
/// <c>head</c> file replaced atomically (temp + rename), so a removed record never comes back and a record is removed
/// only when its consumer says so. On open, a torn or corrupt record at the end of the last segment (power cut
/// mid-append) is cut off; one inside an older segment ends that segment (counted in <see cref="CorruptRecordsSkipped"/>).
/// Thread-safe: one appender and one consumer may run concurrently.
/// </summary>
internal sealed class RecordLog : IDisposable
{
    /// <summary>A segment is closed and a new one started past this size.</summary>
    public const long SegmentBytesMax = 8 * 1024 * 1024;

    /// <summary>Largest record payload accepted.</summary>
    public const int RecordBytesMax = 64 * 1024 * 1024;

    private const int HeaderBytes = 12;
    private const string SegmentSuffix = ".seg";
    private readonly string directory;
    private readonly bool fsync;
    private readonly Lock gate = new();
    private readonly Queue<RecordRef> records = new();
    private FileStream? tail;
    private long tailSegment;
    private long totalWeight;

    private RecordLog(string directory, bool fsync)
    {
        this.directory = directory;
        this.fsync = fsync;
    }

    /// <summary>Records dropped at open because their checksum or length was wrong (not a torn tail).</summary>
    public int CorruptRecordsSkipped { get; private set; }

    /// <summary>Bytes cut off the last segment at open (a torn final append).</summary>
    public long TornBytesTruncated { get; private set; }

    /// <summary>Records waiting.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return records.Count;
            }
        }
    }

    /// <summary>Sum of the weights of waiting records (lines or points, as the owner chooses).</summary>
    public long TotalWeight => Interlocked.Read(ref totalWeight);

    /// <summary>
    /// Opens (creating if needed) the log in <paramref name="directory"/>. With <paramref name="fsync"/> every append
    /// and head move reaches the disk before returning; without, it reaches the OS (survives a process crash only).
    /// </summary>
    public static RecordLog Open(string directory, bool fsync)
    {
        Directory.CreateDirectory(directory);
        var log = new RecordLog(directory, fsync);
        log.Recover();
        return log;
    }

    /// <summary>Appends one record; durable (per the fsync choice) when this returns.</summary>
    public void Append(ReadOnlySpan<byte> payload, int weight)
    {
        if (payload.Length > RecordBytesMax)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"record larger than {RecordBytesMax} bytes");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        var bytes = new byte[HeaderBytes + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)weight);
        payload.CopyTo(bytes.AsSpan(HeaderBytes));
        var crc = Crc32.Append(Crc32.Append(0, bytes.AsSpan(4, 4)), payload);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), crc);
        lock (gate)
        {
            var stream = TailForAppend();
            var offset = stream.Length;
            stream.Position = offset;
            stream.Write(bytes);
            stream.Flush(fsync);
            records.Enqueue(new RecordRef(tailSegment, offset, payload.Length, weight));
            totalWeight += weight;
        }
    }

    /// <summary>Reads up to <paramref name="max"/> records from the head without removing them.</summary>
    public List<LogRecord> Peek(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (gate)
        {
            var result = new List<LogRecord>(Math.Min(max, records.Count));
            foreach (var r in records.Take(max))
            {
                var payload = new byte[r.Length];
                using var file = new FileStream(SegmentPath(r.Segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.Position = r.Offset + HeaderBytes;
                file.ReadExactly(payload);
                result.Add(new LogRecord(payload, r.Weight));
            }
            return result;
        }
    }

    /// <summary>Removes <paramref name="count"/> records from the head (after their consumer is done with them).</summary>
    public void RemoveOldest(int count)
    {
        lock (gate)
        {
            if (count < 1 || count > records.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"only {records.Count} records are waiting");
            }
            for (var i = 0; i < count; i++)
            {
                totalWeight -= records.Dequeue().Weight;
            }
            var head = records.Count > 0 ? records.Peek() : new RecordRef(tailSegment, tail?.Length ?? 0, 0, 0);
            WriteHead(head.Segment, head.Offset);
            foreach (var segment in SegmentIds().Where(id => id < head.Segment))
            {
                File.Delete(SegmentPath(segment));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            tail?.Dispose();
            tail = null;
        }
    }

    private FileStream TailForAppend()
    {
        if (tail is not null && tail.Length < SegmentBytesMax)
        {
            return tail;
        }
        tail?.Dispose();
        tailSegment++;
        tail = new FileStream(SegmentPath(tailSegment), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        return tail;
    }

    private void Recover()
    {
        foreach (var stale in Directory.GetFiles(directory, "*.tmp"))
        {
            File.Delete(stale);
        }
        var (headSegment, headOffset) = ReadHead();
        var segments = SegmentIds().ToList();
        foreach (var id in segments.Where(id => id < headSegment))
        {
            File.Delete(SegmentPath(id));
        }
        segments.RemoveAll(id => id < headSegment);
        for (var i = 0; i < segments.Count; i++)
        {
            var start = segments[i] == headSegment ? headOffset : 0;
            Scan(segments[i], start, isLast: i == segments.Count - 1);
        }
        if (segments.Count > 0)
        {
            tailSegment = segments[^1];
            tail = new FileStream(SegmentPath(tailSegment), FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        }
        else
        {
            tailSegment = headSegment; // the next segment starts after the head's, read from its start
        }
    }

    private void Scan(long segment, long start, bool isLast)
    {
        var path = SegmentPath(segment);
        var data = File.ReadAllBytes(path);
        var offset = start;
        while (offset + HeaderBytes <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset));
            var weight = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset + 4));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset + 8));
            if (length > RecordBytesMax || offset + HeaderBytes + length > data.Length)
            {
                break;
            }
            var payload = data.AsSpan((int)(offset + HeaderBytes), (int)length);
            if (Crc32.Append(Crc32.Append(0, data.AsSpan((int)offset + 4, 4)), payload) != crc)
            {
                break;
            }
            records.Enqueue(new RecordRef(segment, offset, (int)length, (int)weight));
            totalWeight += weight;
            offset += HeaderBytes + length;
        }
        if (offset < data.Length)
        {
            if (isLast)
            {
                TornBytesTruncated += data.Length - offset;
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
                file.SetLength(offset);
                file.Flush(true);
            }
            else
            {
                CorruptRecordsSkipped++;
            }
        }
    }

    private (long Segment, long Offset) ReadHead()
    {
        var path = Path.Combine(directory, "head");
        if (!File.Exists(path))
        {
            return (0, 0);
        }
        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 &&
            long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment) &&
            long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return (segment, offset);
        }
        throw new InvalidDataException($"{path}: unreadable head '{File.ReadAllText(path)}'");
    }

    private void WriteHead(long segment, long offset)
    {
        var path = Path.Combine(directory, "head");
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{segment} {offset}")));
            file.Flush(fsync);
        }
        File.Move(temp, path, overwrite: true);
    }

    private IEnumerable<long> SegmentIds() =>
        Directory.GetFiles(directory, "*" + SegmentSuffix)
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0)
            .Order();

    private string SegmentPath(long id) => Path.Combine(directory, id.ToString("D20", CultureInfo.InvariantCulture) + SegmentSuffix);

    private readonly record struct RecordRef(long Segment, long Offset, int Length, int Weight);
}

/// <summary>One record read from a <see cref="RecordLog"/>.</summary>
/// <param name="Payload">The bytes appended.</param>
/// <param name="Weight">The weight given at append (lines, points).</param>
internal readonly record struct LogRecord(byte[] Payload, int Weight);
