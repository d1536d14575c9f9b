using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Fuzz.Firmware;

/// <summary>
/// A provisioned, calibrated virtual bin with drop-offs waiting in its outbox, and a fingerprint of everything a
/// rejected input must leave alone: every flash file, the settings (staged included), the calibration and its
/// collected points, the CA in force, the outbox.
/// </summary>
internal sealed class FuzzBin
{
    /// <summary>Bin id and its MQTT secret (which no reply may show).</summary>
    public const string BinId = "baiyun-0007";

    public const string Secret = "sim-" + BinId;

    /// <summary>Events queued at start so acks have something to remove.</summary>
    public const int QueuedEvents = 12;

    private readonly List<string> replies = [];

    public FuzzBin()
    {
        Flash = new InMemoryFlashFileSystem();
        Mqtt = new InMemoryMqttLink();
        Bin = new VirtualBin(Flash, Mqtt, seed: 7);
        Bin.Boot();
        Bin.Provision(BinId, "baiyun", "PET", "127.0.0.1", 1883);
        Bin.ConsoleReply += replies.Add;
        Refill();
    }

    public InMemoryFlashFileSystem Flash { get; }

    public InMemoryMqttLink Mqtt { get; }

    public VirtualBin Bin { get; }

    /// <summary>Replies written since the last <see cref="Feed"/>.</summary>
    public IReadOnlyList<string> Replies => replies;

    /// <summary>Puts events in the outbox until it holds <see cref="QueuedEvents"/>.</summary>
    public void Refill()
    {
        for (var i = Bin.Controller.Outbox.Count; i < QueuedEvents && Bin.Controller.Outbox.CanAcceptEvent; i++)
        {
            Bin.Controller.QueueEvent("emptied", "", 1_000 + i, "");
        }
    }

    /// <summary>Feeds console bytes; a reboot the console asked for happens after, as on the device.</summary>
    public void Feed(byte[] bytes)
    {
        replies.Clear();
        Bin.Console.Feed(bytes, 0, bytes.Length);
        RebootIfAsked();
    }

    /// <summary>Restarts the controller if a command asked for it.</summary>
    public void RebootIfAsked()
    {
        if (Bin.Platform.RebootRequested)
        {
            Bin.Boot();
        }
    }

    /// <summary>Everything a rejected input must not change, as one comparable string.</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var path in Flash.Paths)
        {
            text.Append(path).Append('=').Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Flash.ReadAll(path) ?? []))).Append('\n');
        }
        foreach (var command in new[] { "set", "calibrate", "cert", "outbox" })
        {
            text.Append(string.Join("\n", Bin.Type(command))).Append('\n');
        }
        var outbox = Bin.Controller.Outbox;
        text.Append("outbox ").Append(outbox.Count).Append(' ').Append(outbox.LastReservedSequence).Append(' ');
        for (var i = 0; i < outbox.Count; i++)
        {
            text.Append(outbox.SequenceAt(i)).Append(',');
        }
        return text.ToString();
    }

    /// <summary>Outbox sequences, oldest first.</summary>
    public long[] OutboxSequences() => Enumerable.Range(0, Bin.Controller.Outbox.Count).Select(i => Bin.Controller.Outbox.SequenceAt(i)).ToArray();

    /// <summary>Keys of the settings schema.</summary>
    public static string[] Keys { get; } = ConfigSchema.Keys.Select(k => k.Name).ToArray();
}
