using System;
using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet.Channel;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// Follows the MQTT framing of the bytes a client sends (fixed header byte, Remaining Length varint, body) and ends
/// the connection as soon as a packet DECLARES a Remaining Length over the limit. MQTTnet 5.2's channel adapter
/// allocates the whole body (<c>new byte[remainingLength]</c>, up to 256 MiB) right after reading that varint and
/// has no server-side size option, so the check must sit below it: the read that would complete an oversized varint
/// returns 0 (connection closed) instead, before anything is allocated.
/// </summary>
internal sealed class PacketSizeGuardChannel : IMqttChannel
{
    private const int VarintBytesMax = 4;

    private readonly IMqttChannel inner;
    private readonly int remainingLengthMax;
    private readonly Action onOversized;
    private State state = State.FixedHeader;
    private long remainingLength;
    private int varintBytes;
    private long bodyLeft;
    private bool refused;

    public PacketSizeGuardChannel(IMqttChannel inner, int remainingLengthMax, Action onOversized)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(remainingLengthMax);
        this.inner = inner;
        this.remainingLengthMax = remainingLengthMax;
        this.onOversized = onOversized;
    }

    private enum State
    {
        FixedHeader,
        RemainingLength,
        Body,
    }

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (refused)
        {
            return 0;
        }
        var read = await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        if (read > 0 && !Follow(buffer.AsSpan(offset, read)))
        {
            refused = true;
            onOversized();
            // 0 = "the peer closed": MQTTnet drops the connection quietly and disposes this channel, closing the socket.
            return 0;
        }
        return read;
    }

    public void Dispose() => inner.Dispose();

    /// <summary>Advances the framing over bytes handed to MQTTnet; false when a packet declares too large a body.</summary>
    internal bool Follow(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (state)
            {
                case State.FixedHeader:
                    state = State.RemainingLength;
                    remainingLength = 0;
                    varintBytes = 0;
                    i++;
                    break;
                case State.RemainingLength:
                    var b = bytes[i++];
                    remainingLength |= (long)(b & 0x7F) << (7 * varintBytes);
                    varintBytes++;
                    if (remainingLength > remainingLengthMax)
                    {
                        return false;
                    }
                    if ((b & 0x80) == 0)
                    {
                        bodyLeft = remainingLength;
                        state = bodyLeft == 0 ? State.FixedHeader : State.Body;
                    }
                    else if (varintBytes == VarintBytesMax)
                    {
                        // A fifth length byte is a protocol violation; MQTTnet refuses it itself. Stay in step anyway.
                        return false;
                    }
                    break;
                default:
                    var take = (int)Math.Min(bodyLeft, bytes.Length - i);
                    i += take;
                    bodyLeft -= take;
                    if (bodyLeft == 0)
                    {
                        state = State.FixedHeader;
                    }
                    break;
            }
        }
        return true;
    }
}
