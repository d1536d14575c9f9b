using System;
using System.Collections.Generic;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// Power-loss and corruption injection. Every mutating call (Write, Rename, Delete, CreateDirectory) is a
    /// numbered "write point", counted from 1 since construction. Armed at write point N, that call is torn and
    /// throws <see cref="PowerLossException"/>; every later call throws too, until <see cref="Reboot"/>.
    /// How a call tears is chosen from a seed, deterministically:
    /// Write (seed mod 5): 0 bytes, all but one byte, half, a seed-derived length, or not started (old file intact);
    /// Rename (seed mod 3): not done, target deleted but source not moved (a rename that deletes first), or done;
    /// Delete and CreateDirectory (seed mod 2): not done or done.
    /// Armed with <see cref="ArmPowerLossAfter"/> instead, the call completes and the power goes as it returns.
    /// </summary>
    public sealed partial class InMemoryFlashFileSystem
    {
        private readonly List<string> _log = [];
        private int _armedWritePoint;
        private int _tearSeed;
        private bool _cutAfter;

        /// <summary>Mutating calls so far (the write points), since construction.</summary>
        public int WritePointCount { get; private set; }

        /// <summary>One line a write point, in order: <c>OperationLog[k - 1]</c> names write point k.</summary>
        public IReadOnlyList<string> OperationLog => _log;

        /// <summary>True after the cut and until <see cref="Reboot"/>.</summary>
        public bool IsPoweredOff { get; private set; }

        /// <summary>How the last cut tore its call, e.g. <c>cut at write 7 (Write a/b.tmp (20 bytes), torn at 3 bytes)</c>.</summary>
        public string? LastCut { get; private set; }

        /// <summary>Cuts power at write point <paramref name="writePoint"/> (as counted by <see cref="WritePointCount"/>).</summary>
        public void ArmPowerLoss(int writePoint, int tearSeed)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(writePoint, WritePointCount);
            _armedWritePoint = writePoint;
            _tearSeed = tearSeed;
            _cutAfter = false;
        }

        /// <summary>
        /// Cuts power just after write point <paramref name="writePoint"/> completes: the call does all it would
        /// have done, then throws <see cref="PowerLossException"/> instead of returning, so its caller never learns it.
        /// </summary>
        public void ArmPowerLossAfter(int writePoint)
        {
            ArmPowerLoss(writePoint, 0);
            _cutAfter = true;
        }

        /// <summary>Power comes back: calls work again, nothing is armed; files stay as the cut left them.</summary>
        public void Reboot()
        {
            IsPoweredOff = false;
            _armedWritePoint = 0;
            _cutAfter = false;
        }

        /// <summary>Flips one bit of a stored file (bit 0 is the low bit of byte 0), as flash wear or a stray write would.</summary>
        public void FlipBit(string path, int bitIndex)
        {
            byte[] data = _files[path];
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bitIndex, data.Length * 8);
            data[bitIndex / 8] ^= (byte)(1 << (bitIndex % 8));
        }

        /// <summary>Replaces a stored file's bytes without counting a write point (to stage a state for a test).</summary>
        public void Plant(string path, byte[] data)
        {
            _files[path] = (byte[])data.Clone();
        }

        private void ThrowIfPoweredOff()
        {
            if (IsPoweredOff)
            {
                throw new PowerLossException("the flash has no power: " + LastCut);
            }
        }

        private bool IsCutHere(string operation)
        {
            WritePointCount++;
            _log.Add(operation);
            return WritePointCount == _armedWritePoint;
        }

        private void TearWrite(string path, byte[] data, int length)
        {
            if (_cutAfter)
            {
                _files[path] = data.AsSpan(0, length).ToArray();
                CutPower("done, cut as it returned");
            }

            int variant = Modulo(_tearSeed, 5);
            if (variant == 4)
            {
                CutPower("not started");
            }

            int[] prefixes = [0, Math.Max(0, length - 1), length / 2, length == 0 ? 0 : Modulo(Mix(_tearSeed), length)];
            int prefix = prefixes[variant];
            _files[path] = data.AsSpan(0, prefix).ToArray();
            CutPower($"torn at {prefix} bytes");
        }

        private void TearRename(string fromPath, string toPath)
        {
            if (_cutAfter)
            {
                MoveFile(fromPath, toPath);
                CutPower("done, cut as it returned");
            }

            switch (Modulo(_tearSeed, 3))
            {
                case 0:
                    CutPower("not done");
                    break;
                case 1:
                    bool deleted = _files.Remove(toPath);
                    CutPower(deleted ? "target deleted, source not moved" : "not done (no target to delete)");
                    break;
                default:
                    MoveFile(fromPath, toPath);
                    CutPower("done");
                    break;
            }
        }

        private void TearSimple(Action apply)
        {
            bool done = _cutAfter || Modulo(_tearSeed, 2) == 1;
            if (done)
            {
                apply();
            }

            CutPower(done ? "done" : "not done");
        }

        private void CutPower(string how)
        {
            IsPoweredOff = true;
            _armedWritePoint = 0;
            LastCut = $"cut at write {WritePointCount} ({_log[^1]}, {how})";
            throw new PowerLossException(LastCut);
        }

        private static int Modulo(int value, int divisor) => ((value % divisor) + divisor) % divisor;

        private static int Mix(int seed) => (int)(((uint)seed * 2654435761u) >> 1);
    }

    /// <summary>Thrown by <see cref="InMemoryFlashFileSystem"/> at the armed cut and on every call until reboot.</summary>
    public sealed class PowerLossException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public PowerLossException()
        {
        }

        /// <summary>Creates the exception with a description of the cut.</summary>
        public PowerLossException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a description and a cause.</summary>
        public PowerLossException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
