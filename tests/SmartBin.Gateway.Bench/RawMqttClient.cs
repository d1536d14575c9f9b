using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// A minimal MQTT 3.1.1 client over a raw socket, just enough for the load run: CONNECT with user and password,
/// SUBSCRIBE at QoS 1, QoS 1 PUBLISH out, and for every QoS 1 PUBLISH in a PUBACK back. Packets queued between two
/// flushes leave in ONE socket write, and each read is parsed in bulk, the way an MQTT client under load coalesces;
/// a client that makes one syscall per packet would spend the CPU the benchmark is trying to measure.
/// Not a general client: no QoS 2, no retries, no keep-alive pings (phases are shorter than the keep-alive).
/// </summary>
internal sealed class RawMqttClient : IAsyncDisposable
{
    private const int ReadBufferBytes = 64 * 1024;
    private const byte Connect = 0x10, ConnAck = 0x20, Publish = 0x30, PubAck = 0x40, Subscribe = 0x82, SubAck = 0x90, Disconnect = 0xE0;

    /// <summary>Called from the read loop for each PUBLISH received (topic, payload); the PUBACK is queued after it returns.</summary>
    public delegate void PublishHandler(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload);

    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly Lock gate = new();
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly CancellationTokenSource closing = new();
    private ArrayBufferWriter<byte> outgoing = new(16 * 1024);
    private ArrayBufferWriter<byte> sending = new(16 * 1024);
    private PublishHandler onPublish = (_, _) => { };
    private Task reading = Task.CompletedTask;
    private Task writing = Task.CompletedTask;
    private int wakePending;
    private ushort nextPacketId;

    /// <summary>Socket writes made (to report packets per write).</summary>
    public long Writes;

    /// <summary>Connects, waits for CONNACK (throws unless accepted) and subscribes to <paramref name="filter"/> at QoS 1.</summary>
    public async Task ConnectAsync(string host, int port, string clientId, string user, string password, ushort keepAliveS, string filter, PublishHandler handler)
    {
        onPublish = handler;
        await socket.ConnectAsync(host, port).ConfigureAwait(false);
        var body = new ArrayBufferWriter<byte>();
        WriteString(body, "MQTT"u8);
        WriteBytes(body, [4, 0xC2]); // level 4 = 3.1.1; flags: user name, password, clean session
        WriteUInt16(body, keepAliveS);
        WriteString(body, Encoding.UTF8.GetBytes(clientId));
        WriteString(body, Encoding.UTF8.GetBytes(user));
        WriteString(body, Encoding.UTF8.GetBytes(password));
        await SendPacketAsync(Connect, body.WrittenSpan.ToArray()).ConfigureAwait(false);
        var connAck = await ReadExactlyAsync(4).ConfigureAwait(false);
        if (connAck[0] != ConnAck || connAck[3] != 0)
        {
            throw new InvalidOperationException($"{clientId}: connect refused (CONNACK {Convert.ToHexString(connAck)})");
        }
        var subscribe = new ArrayBufferWriter<byte>();
        WriteUInt16(subscribe, 1);
        WriteString(subscribe, Encoding.UTF8.GetBytes(filter));
        WriteBytes(subscribe, [1]);
        await SendPacketAsync(Subscribe, subscribe.WrittenSpan.ToArray()).ConfigureAwait(false);
        var subAck = await ReadExactlyAsync(5).ConfigureAwait(false);
        if (subAck[0] != SubAck || subAck[4] > 1)
        {
            throw new InvalidOperationException($"{clientId}: subscription to {filter} refused (SUBACK {Convert.ToHexString(subAck)})");
        }
        reading = Task.Run(ReadLoopAsync);
        writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a QoS 1 PUBLISH; nothing is sent until <see cref="Flush"/>.</summary>
    public void QueuePublish(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        lock (gate)
        {
            var id = ++nextPacketId == 0 ? ++nextPacketId : nextPacketId;
            WriteHeader(outgoing, Publish | 0x02, 2 + topic.Length + 2 + payload.Length);
            WriteString(outgoing, topic);
            WriteUInt16(outgoing, id);
            WriteBytes(outgoing, payload);
        }
    }

    /// <summary>Sends everything queued so far in one write (soon, from the writer task).</summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            wake.Release();
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                await wake.WaitAsync(closing.Token).ConfigureAwait(false);
                Volatile.Write(ref wakePending, 0);
                lock (gate)
                {
                    (outgoing, sending) = (sending, outgoing);
                }
                if (sending.WrittenCount == 0)
                {
                    continue;
                }
                await socket.SendAsync(sending.WrittenMemory, SocketFlags.None, closing.Token).ConfigureAwait(false);
                Writes++;
                sending.ResetWrittenCount();
            }
        }
        catch (Exception) when (closing.IsCancellationRequested)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[ReadBufferBytes];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }
                filled += read;
                var used = ParsePackets(buffer.AsSpan(0, filled));
                buffer.AsSpan(used, filled - used).CopyTo(buffer);
                filled -= used;
                Flush();
            }
        }
        catch (Exception) when (closing.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
            // The server closed the connection: the run notices missing acks.
        }
    }

    /// <summary>Handles every complete packet in <paramref name="data"/>; returns the bytes consumed.</summary>
    private int ParsePackets(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (TryReadHeader(data[at..], out var type, out var headerBytes, out var length) && at + headerBytes + length <= data.Length)
        {
            var body = data.Slice(at + headerBytes, length);
            if ((type & 0xF0) == Publish)
            {
                var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
                var topic = body.Slice(2, topicLength);
                var qos = (type >> 1) & 0x03;
                var rest = body[(2 + topicLength)..];
                var packetId = qos > 0 ? BinaryPrimitives.ReadUInt16BigEndian(rest) : (ushort)0;
                onPublish(topic, qos > 0 ? rest[2..] : rest);
                if (qos == 1)
                {
                    lock (gate)
                    {
                        WriteBytes(outgoing, [PubAck, 2]);
                        WriteUInt16(outgoing, packetId);
                    }
                }
            }
            // PUBACKs for our publishes need no action: the application-level ack is what the run waits for.
            at += headerBytes + length;
        }
        return at;
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> data, out byte type, out int headerBytes, out int length)
    {
        type = 0;
        headerBytes = 0;
        length = 0;
        if (data.Length < 2)
        {
            return false;
        }
        type = data[0];
        var multiplier = 1;
        for (var i = 1; i < 5; i++)
        {
            if (i >= data.Length)
            {
                return false;
            }
            length += (data[i] & 0x7F) * multiplier;
            multiplier *= 128;
            if ((data[i] & 0x80) == 0)
            {
                headerBytes = i + 1;
                return true;
            }
        }
        throw new InvalidOperationException("malformed MQTT remaining length");
    }

    private async Task SendPacketAsync(byte type, byte[] body)
    {
        var packet = new ArrayBufferWriter<byte>();
        WriteHeader(packet, type, body.Length);
        WriteBytes(packet, body);
        await socket.SendAsync(packet.WrittenMemory, SocketFlags.None).ConfigureAwait(false);
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var bytes = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await socket.ReceiveAsync(bytes.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidOperationException("connection closed during MQTT handshake");
            }
            filled += read;
        }
        return bytes;
    }

    private static void WriteHeader(ArrayBufferWriter<byte> w, int type, int remainingLength)
    {
        var span = w.GetSpan(5);
        span[0] = (byte)type;
        var n = 1;
        do
        {
            var digit = (byte)(remainingLength % 128);
            remainingLength /= 128;
            span[n++] = remainingLength > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (remainingLength > 0);
        w.Advance(n);
    }

    private static void WriteString(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> text)
    {
        WriteUInt16(w, (ushort)text.Length);
        WriteBytes(w, text);
    }

    private static void WriteUInt16(ArrayBufferWriter<byte> w, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(w.GetSpan(2), value);
        w.Advance(2);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> bytes) => w.Write(bytes);

    public async ValueTask DisposeAsync()
    {
        try
        {
            lock (gate)
            {
                WriteBytes(outgoing, [Disconnect, 0]);
            }
            Flush();
            await Task.Delay(20).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already gone.
        }
        await closing.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        await Task.WhenAll(reading, writing).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        closing.Dispose();
        wake.Dispose();
    }
}
