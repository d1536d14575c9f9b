using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual;

/// <summary>How a simulated HX711's DOUT line misbehaves.</summary>
public enum Hx711LineFault
{
    /// <summary>A working chip.</summary>
    None,

    /// <summary>Unplugged with a pull-up on MISO (or a dead chip): DOUT reads high forever, never data-ready.</summary>
    DoutStuckHigh,

    /// <summary>Unplugged without a pull-up: every MISO sample is a coin toss.</summary>
    DoutFloating,

    /// <summary>DOUT shorted to ground: always "ready", always zero bits, never the high the 25th pulse forces.</summary>
    DoutStuckLow,
}

/// <summary>
/// An HX711 seen from its SPI bus, bit by bit: MOSI is PD_SCK, MISO is DOUT. Each MOSI bit lasts one SPI clock
/// period; the level changes at the start of the bit (SPI mode 0) and MISO is sampled in its middle, after any
/// DOUT change the rising edge caused. Between transfers PD_SCK keeps the last bit's level.
/// Time: the chip's own nanosecond clock, which a transfer advances by 8 bit periods per byte and which catches up
/// with the <see cref="SimulatedClock"/> at the start of every transfer (the chip never runs behind uptime).
/// Conversions complete every period (10 or 80 SPS, stretched by <see cref="SlowFactor"/>) from the first one after
/// the power-up settling time (4 periods: 400 ms / 50 ms); the 25th–27th pulses of a read select the channel and
/// gain of conversions from the next one on; PD_SCK high for more than 60 µs powers down, low again resets to
/// channel A, gain 128.
/// </summary>
public sealed class SimulatedHx711Chip : ISpiBus
{
    /// <summary>PD_SCK high longer than this powers the chip down, ns (datasheet: 60 µs).</summary>
    public const long PowerDownHighNs = 60_000;

    /// <summary>Periods from power-up (or reset) to the first conversion (datasheet: 400 ms at 10 SPS, 50 ms at 80).</summary>
    public const int SettlingPeriods = 4;

    // A read whose last pulse is older than this was abandoned, not in progress.
    private const long ReadInProgressNs = 1_000_000;

    private const int CodeMax = 0x7FFFFF;
    private const int CodeMin = -0x800000;

    private readonly SimulatedClock _clock;
    private readonly long _bitNs;
    private readonly Random _random;
    private long _nowNs;
    private bool _sckHigh;
    private long _sckHighSinceNs;
    private long _nextConversionNs;
    private bool _dataReady;
    private bool _strayPulse;
    private long _lastPulseNs;
    private bool _dout = true;
    private int _latchedCode;
    private int _pulseCount;
    private int _selectedPulses = 25;
    private int _samplesPerSecond;

    /// <summary>Creates a powered chip at the clock's current time; its first conversion comes after settling.</summary>
    public SimulatedHx711Chip(SimulatedClock clock, int samplesPerSecond = 10, int spiClockHz = 1_000_000, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (spiClockHz <= 0 || spiClockHz > 1_000_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(spiClockHz));
        }

        _clock = clock;
        _bitNs = 1_000_000_000L / spiClockHz;
        _random = new Random(seed);
        SamplesPerSecond = samplesPerSecond;
        _nowNs = clock.UptimeMs * 1_000_000;
        Reset();
    }

    /// <summary>Output rate, the RATE pin: 10 or 80 conversions per second.</summary>
    public int SamplesPerSecond
    {
        get => _samplesPerSecond;
        set => _samplesPerSecond = value is 10 or 80 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>Differential input on channel A, mV.</summary>
    public double ChannelAMillivolts { get; set; }

    /// <summary>
    /// When set, channel A's input is taken from this at each conversion, as a function of the conversion's chip time
    /// (ns) returning mV, instead of <see cref="ChannelAMillivolts"/>: a load cell whose signal moves between reads.
    /// </summary>
    public Func<long, double>? ChannelASource { get; set; }

    /// <summary>Differential input on channel B, mV.</summary>
    public double ChannelBMillivolts { get; set; }

    /// <summary>Analog supply, mV: full scale is ±0.5 × AVDD / gain.</summary>
    public double AvddMillivolts { get; set; } = 5000;

    /// <summary>Gaussian noise added to every conversion, standard deviation in counts.</summary>
    public double NoiseCounts { get; set; }

    /// <summary>Conversion period multiplier: 1 is the datasheet rate, 1.5 a chip 50 % slow.</summary>
    public double SlowFactor { get; set; } = 1.0;

    /// <summary>Line fault injected on DOUT.</summary>
    public Hx711LineFault Fault { get; set; }

    /// <summary>True while PD_SCK has held the chip in power-down.</summary>
    public bool IsPoweredDown { get; private set; }

    /// <summary>Channel/gain as a pulse count (25 = A/128, 26 = B/32, 27 = A/64) of the conversions being made now.</summary>
    public int SelectedPulses => _selectedPulses;

    /// <summary>Conversions completed since creation.</summary>
    public int ConversionCount { get; private set; }

    /// <summary>Pulses the datasheet does not allow (while not ready, or beyond the 27th); a correct driver makes none.</summary>
    public int ProtocolErrors { get; private set; }

    /// <summary>Chip time, ns: uptime plus the bus time transfers have taken.</summary>
    public long NowNs => _nowNs;

    /// <summary>Chip time at which the last power-up (or creation) happened, ns.</summary>
    public long PoweredUpAtNs { get; private set; }

    /// <summary>Chip time of the first conversion after the last power-up; -1 until it happens, ns.</summary>
    public long FirstConversionAtNs { get; private set; } = -1;

    /// <summary>The code a conversion at gain <paramref name="gain"/> makes of <paramref name="millivolts"/> (clamped).</summary>
    public static int CodeFor(double millivolts, int gain, double avddMillivolts)
    {
        double fullScaleMv = 0.5 * avddMillivolts / gain;
        double code = Math.Round(millivolts / fullScaleMv * 8_388_608.0);
        return (int)Math.Clamp(code, CodeMin, CodeMax);
    }

    /// <summary>The input, mV, that a channel-A gain-128 conversion turns into <paramref name="counts"/>.</summary>
    public static double MillivoltsForCounts(double counts, double avddMillivolts = 5000) =>
        counts / 8_388_608.0 * (0.5 * avddMillivolts / 128);

    /// <inheritdoc />
    public void TransferFullDuplex(byte[] write, byte[] read)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        if (write.Length != read.Length)
        {
            throw new ArgumentException("full duplex needs equal lengths");
        }

        _nowNs = Math.Max(_nowNs, _clock.UptimeMs * 1_000_000);
        for (int i = 0; i < write.Length; i++)
        {
            read[i] = TransferByte(write[i]);
        }
    }

    private byte TransferByte(byte mosi)
    {
        int miso = 0;
        for (int bit = 7; bit >= 0; bit--)
        {
            AdvanceTo(_nowNs);
            SetSck(((mosi >> bit) & 1) != 0);
            miso |= (SampleDout() ? 1 : 0) << bit;
            _nowNs += _bitNs;
        }

        AdvanceTo(_nowNs);
        return (byte)miso;
    }

    private bool SampleDout() => Fault switch
    {
        Hx711LineFault.DoutStuckHigh => true,
        Hx711LineFault.DoutStuckLow => false,
        Hx711LineFault.DoutFloating => _random.Next(2) == 1,
        _ => _dout,
    };

    // Runs conversions and the power-down timer up to chip time tNs with PD_SCK at its current level.
    private void AdvanceTo(long tNs)
    {
        long powerDownAtNs = _sckHigh && !IsPoweredDown ? _sckHighSinceNs + PowerDownHighNs + 1 : long.MaxValue;
        RunConversions(Math.Min(tNs, powerDownAtNs));
        if (tNs >= powerDownAtNs)
        {
            IsPoweredDown = true;
            _strayPulse = false;
            _dataReady = false;
            _dout = true;
            _pulseCount = 0;
        }
    }

    private void RunConversions(long tNs)
    {
        if (IsPoweredDown || tNs < _nextConversionNs)
        {
            return;
        }

        // Conversions nobody read are overwritten, so after a long gap only the last one matters.
        long periodNs = PeriodNs();
        long missed = (tNs - _nextConversionNs) / periodNs;
        _nextConversionNs += missed * periodNs;
        Convert();
        _nextConversionNs += periodNs;
    }

    private void Convert()
    {
        if (_pulseCount is > 0 and <= 24)
        {
            if (_nextConversionNs - _lastPulseNs < ReadInProgressNs)
            {
                return; // the output register is being shifted out: this conversion is dropped
            }

            ProtocolErrors++; // a read abandoned part-way: the chip starts over
        }

        if (_pulseCount >= 25)
        {
            _selectedPulses = Math.Min(_pulseCount, 27);
        }

        _pulseCount = 0;
        ConversionCount++;
        if (FirstConversionAtNs < 0)
        {
            FirstConversionAtNs = _nextConversionNs;
        }

        (double millivolts, int gain) = _selectedPulses switch
        {
            26 => (ChannelBMillivolts, 32),
            27 => (ChannelAInput(), 64),
            _ => (ChannelAInput(), 128),
        };
        double noise = NoiseCounts * Gaussian();
        _latchedCode = CodeFor(millivolts + MillivoltsPerCount(gain) * noise, gain, AvddMillivolts);
        _dataReady = true;
        _dout = false;
    }

    private void SetSck(bool high)
    {
        if (high == _sckHigh)
        {
            return;
        }

        _sckHigh = high;
        if (high)
        {
            _sckHighSinceNs = _nowNs;
            OnRisingEdge();
            return;
        }

        if (IsPoweredDown)
        {
            IsPoweredDown = false;
            Reset();
        }
        else if (_strayPulse)
        {
            ProtocolErrors++; // clocked while DOUT was high: the datasheet forbids it
        }

        _strayPulse = false;
    }

    private void OnRisingEdge()
    {
        if (IsPoweredDown)
        {
            return;
        }

        if (_pulseCount == 0 && !_dataReady)
        {
            _strayPulse = true; // an error unless it turns into a power-down (which has to start with a rising edge)
            return;
        }

        _pulseCount++;
        _lastPulseNs = _nowNs;
        if (_pulseCount <= 24)
        {
            _dout = ((_latchedCode >> (24 - _pulseCount)) & 1) != 0;
            return;
        }

        _dataReady = false;
        _dout = true; // the 25th pulse pulls DOUT high until the next conversion
        if (_pulseCount > 27)
        {
            ProtocolErrors++;
        }
    }

    // Power-up and reset: channel A, gain 128; the first conversion after the settling time.
    private void Reset()
    {
        _selectedPulses = 25;
        _pulseCount = 0;
        _dataReady = false;
        _dout = true;
        PoweredUpAtNs = _nowNs;
        FirstConversionAtNs = -1;
        _nextConversionNs = _nowNs + SettlingPeriods * PeriodNs();
    }

    private double ChannelAInput() => ChannelASource?.Invoke(_nextConversionNs) ?? ChannelAMillivolts;

    private long PeriodNs() => (long)(1_000_000_000.0 / _samplesPerSecond * SlowFactor);

    private double MillivoltsPerCount(int gain) => 0.5 * AvddMillivolts / gain / 8_388_608.0;

    private double Gaussian()
    {
        if (NoiseCounts == 0)
        {
            return 0;
        }

        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
