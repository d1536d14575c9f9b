using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Firmware.Virtual;
using SmartBin.Gateway.Storage;
using SmartBin.Simulator.Fleet;

namespace SmartBin.Chaos
{
    /// <summary>
    /// The virtual bins of the demo fleet (the simulator's <see cref="BinRunner"/>: the shared firmware core, flash
    /// outbox and acks, chip-level drivers if asked), each on its own MQTT connection through the harness's proxy.
    /// A background loop steps every bin a batch of control-loop ticks at a time, simulated time running up to
    /// <see cref="ChaosOptions.Speed"/> times the wall clock (less when the CPU cannot keep up), and each bin's clock is set to the wall clock between sessions (the runner's SNTP stand-in).
    /// </summary>
    internal sealed class ChaosFleet : IAsyncDisposable
    {
        private const int TicksPerBatch = 40;
        private const int LogLinesKept = 200;
        private const long MeanVisitGapMs = 4_000;
        private readonly List<BinRunner> _runners;
        private readonly ConcurrentQueue<string> _log = new();
        private readonly CancellationTokenSource _stop = new();
        private Task? _loop;

        private readonly int _speed;

        public ChaosFleet(ChaosOptions options, int brokerPort)
        {
            _speed = options.Speed;
            Demo = StorageSeeds.DemoFleet(options.Bins, options.Seed);
            _runners = Demo.Select((bin, i) => new BinRunner(bin.BinId, bin.CommunityId, bin.Material, "127.0.0.1", brokerPort,
                options.Seed + i, new InMemoryFlashFileSystem(), Keep,
                new BinRunnerOptions { ChipLevel = i < options.ChipLevelBins, MeanVisitGapMs = MeanVisitGapMs })).ToList();
        }

        public IReadOnlyList<DemoBin> Demo { get; }

        public IReadOnlyList<BinRunner> Runners => _runners;

        /// <summary>The last log lines of the bins.</summary>
        public string LogTail => string.Join('\n', _log);

        public int DropOffsSent => _runners.Sum(r => r.Transport.DropOffsSent);

        public int Connected => _runners.Count(r => r.Transport.IsConnected);

        public int OutboxDepth => _runners.Sum(r => r.Bin.Controller.Outbox.Count);

        /// <summary>True once no visit is under way and every outbox is empty.</summary>
        public bool IsDrained => _runners.All(r => !r.IsBusy && r.Bin.Controller.Outbox.Count == 0);

        public bool ResidentsActive
        {
            set
            {
                foreach (BinRunner runner in _runners)
                {
                    runner.ResidentsActive = value;
                }
            }
        }

        public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

        /// <summary>Stops stepping the bins (their connections stay up) so their state can be read.</summary>
        public async Task PauseAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await PauseAsync().ConfigureAwait(false);
            foreach (BinRunner runner in _runners)
            {
                await runner.DisposeAsync().ConfigureAwait(false);
            }

            _stop.Dispose();
        }

        // Simulated time may run at most Speed times the wall clock: a bin's 10 s ack timeout must stay longer than a
        // round trip through the proxy, the broker and the gateway's fsync, or the bins only ever resend.
        private async Task LoopAsync(CancellationToken stop)
        {
            var wall = System.Diagnostics.Stopwatch.StartNew();
            long simulatedMs = 0;
            while (!stop.IsCancellationRequested)
            {
                long aheadMs = (simulatedMs / _speed) - wall.ElapsedMilliseconds;
                if (aheadMs > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(aheadMs), CancellationToken.None).ConfigureAwait(false);
                }

                simulatedMs += TicksPerBatch * VirtualBin.TickMs;
                // One thread: the other core stays with the gateway, the broker and influxd, as on a real site where
                // the bins do not share the gateway's CPU. Starving them would turn every ack late.
                foreach (BinRunner runner in _runners)
                {
                    for (int tick = 0; tick < TicksPerBatch; tick++)
                    {
                        runner.Tick();
                    }
                }

                // Hand the thread pool back between batches, so the bins' MQTT clients and the harness run.
                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
            }
        }

        private void Keep(string line)
        {
            _log.Enqueue(line);
            while (_log.Count > LogLinesKept && _log.TryDequeue(out _))
            {
            }
        }
    }
}
