// Reference surface of the nanoFramework APIs the device application may call: signatures only, copied from the
// pinned packages' public API (see ../nanoframework-device-allowlist.txt and tools/verify-device-allowlist.cs).
// Never compiled into the test assembly (it would shadow .NET's System.IO.File there); DeviceAppSubsetTests hands
// it to the subset gate next to the application and the shared core, so the application binds to exactly these
// members and nothing else. Enum values are left out: only names bind; the device uses the packages' values. Keep it equal to the device allow-list: DeviceAppSubsetTests checks both directions.
#nullable enable
#pragma warning disable CS1591

namespace System
{
    public struct SpanByte
    {
        public static implicit operator SpanByte(byte[] array) => throw null!;
    }

    public static class Environment
    {
        public static long TickCount64 => throw null!;
    }
}

namespace nanoFramework.Runtime.Native
{
    public static class GC
    {
        public static uint Run(bool compactHeap) => throw null!;
    }

    public enum RebootOption
    {
        NormalReboot,
    }

    public static class Power
    {
        public static void RebootDevice(RebootOption option) => throw null!;
    }
}

namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        SPI1_MOSI,
        SPI1_MISO,
        SPI1_CLOCK,
        SPI2_MOSI,
        SPI2_MISO,
        SPI2_CLOCK,
        COM2_TX,
        COM2_RX,
        COM3_TX,
        COM3_RX,
    }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) => throw null!;
    }
}

namespace System.Device.Gpio
{
    public enum PinMode
    {
        Output,
    }

    public struct PinValue
    {
        public static PinValue Low => throw null!;

        public static PinValue High => throw null!;
    }

    public class GpioPin
    {
        public void Write(PinValue value) => throw null!;
    }

    public class GpioController
    {
        public GpioController() => throw null!;

        public GpioPin OpenPin(int pinNumber, PinMode mode) => throw null!;
    }
}

namespace System.Device.Spi
{
    public enum SpiMode
    {
        Mode0,
    }

    public enum DataFlow
    {
        MsbFirst,
    }

    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine = -1) => throw null!;

        public SpiMode Mode { get => throw null!; set => throw null!; }

        public int DataBitLength { get => throw null!; set => throw null!; }

        public int ClockFrequency { get => throw null!; set => throw null!; }

        public DataFlow DataFlow { get => throw null!; set => throw null!; }
    }

    public class SpiDevice
    {
        public static SpiDevice Create(SpiConnectionSettings settings) => throw null!;

        public void TransferFullDuplex(SpanByte writeBuffer, SpanByte readBuffer) => throw null!;
    }
}

namespace System.IO.Ports
{
    public enum Parity
    {
        None,
    }

    public enum StopBits
    {
        One,
    }

    public class SerialPort
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) => throw null!;

        public int BytesToRead => throw null!;

        public void Open() => throw null!;

        public int Read(byte[] buffer, int offset, int count) => throw null!;

        public void Write(byte[] buffer, int offset, int count) => throw null!;
    }
}

namespace System.IO
{
    public abstract class Stream : IDisposable
    {
        public void Dispose() => throw null!;
    }

    public enum FileMode
    {
        Create,
    }

    public enum FileAccess
    {
        Write,
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access) => throw null!;

        public void Write(byte[] buffer, int offset, int count) => throw null!;

        public void Flush() => throw null!;
    }

    public static class File
    {
        public static bool Exists(string path) => throw null!;

        public static byte[] ReadAllBytes(string path) => throw null!;

        public static void Delete(string path) => throw null!;

        public static void Move(string sourceFileName, string destFileName) => throw null!;
    }

    public static class Directory
    {
        public static bool Exists(string path) => throw null!;

        public static string[] GetFiles(string path) => throw null!;

        public static void CreateDirectory(string path) => throw null!;
    }
}

namespace System.Net.NetworkInformation
{
    public class NetworkInterface
    {
        public string IPv4Address => throw null!;

        public byte[] PhysicalAddress => throw null!;

        public static NetworkInterface[] GetAllNetworkInterfaces() => throw null!;
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(byte[] certificate) => throw null!;
    }
}

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Manual,
    }

    public enum WifiConnectionStatus
    {
        Success,
    }

    public class WifiConnectionResult
    {
        public WifiConnectionStatus ConnectionStatus => throw null!;
    }

    public class WifiAdapter
    {
        public int NetworkInterface => throw null!;

        public static WifiAdapter[] FindAllAdapters() => throw null!;

        public WifiConnectionResult Connect(string ssid, WifiReconnectionKind reconnectionKind, string passwordCredential) => throw null!;
    }
}

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte
    {
        AtMostOnce,
        AtLeastOnce,
    }

    public enum MqttReasonCode : byte
    {
        Success,
    }

    public class MqttMsgPublishEventArgs : System.EventArgs
    {
        public string Topic => throw null!;

        public byte[] Message => throw null!;
    }
}

namespace nanoFramework.M2Mqtt
{
    using System.Collections;
    using System.Security.Cryptography.X509Certificates;
    using nanoFramework.M2Mqtt.Messages;

    public enum MqttSslProtocols
    {
        None,
        TLSv1_2,
    }

    public interface IMqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);
    }

    public class MqttClient
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate? caCert, X509Certificate? clientCert, MqttSslProtocols sslProtocol) => throw null!;

        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived { add => throw null!; remove => throw null!; }

        public bool IsConnected => throw null!;

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel,
            bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod) => throw null!;

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) => throw null!;

        public ushort Publish(string topic, byte[] message, string? contentType, ArrayList? userProperties, MqttQoSLevel qosLevel, bool retain) => throw null!;

        public void Close() => throw null!;
    }
}
