using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// Flash in RAM for tests, with power-loss injection (see the other part of this class). Strict where the
    /// device is: a file goes only into a directory that exists, and a missing rename source is an error.
    /// Paths are compared as given (ordinal); '/' and '\' both separate.
    /// </summary>
    public sealed partial class InMemoryFlashFileSystem : IFlashFileSystem
    {
        private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
        private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

        /// <summary>Paths of every file, sorted.</summary>
        public IReadOnlyList<string> Paths => _files.Keys.OrderBy(p => p, StringComparer.Ordinal).ToList();

        /// <inheritdoc />
        public bool Exists(string path)
        {
            ThrowIfPoweredOff();
            return _files.ContainsKey(path);
        }

        /// <inheritdoc />
        public byte[]? ReadAll(string path)
        {
            ThrowIfPoweredOff();
            return _files.TryGetValue(path, out byte[]? data) ? (byte[])data.Clone() : null;
        }

        /// <inheritdoc />
        public void Write(string path, byte[] data, int length)
        {
            ThrowIfPoweredOff();
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(length, data.Length);
            RequireParentDirectory(path);
            if (IsCutHere($"Write {path} ({length} bytes)"))
            {
                TearWrite(path, data, length);
            }

            _files[path] = data.AsSpan(0, length).ToArray();
        }

        /// <inheritdoc />
        public void Rename(string fromPath, string toPath)
        {
            ThrowIfPoweredOff();
            if (!_files.ContainsKey(fromPath))
            {
                throw new FileNotFoundException("rename source missing", fromPath);
            }

            RequireParentDirectory(toPath);
            if (IsCutHere($"Rename {fromPath} -> {toPath}"))
            {
                TearRename(fromPath, toPath);
            }

            MoveFile(fromPath, toPath);
        }

        /// <inheritdoc />
        public void Delete(string path)
        {
            ThrowIfPoweredOff();
            if (IsCutHere($"Delete {path}"))
            {
                TearSimple(() => _files.Remove(path));
            }

            _files.Remove(path);
        }

        /// <inheritdoc />
        public string[] List(string directory)
        {
            ThrowIfPoweredOff();
            string normalized = Normalize(directory);
            if (!DirectoryExists(normalized))
            {
                throw new DirectoryNotFoundException(directory);
            }

            return _files.Keys.Where(p => Normalize(ParentOf(p)) == normalized).ToArray();
        }

        /// <inheritdoc />
        public void CreateDirectory(string directory)
        {
            ThrowIfPoweredOff();
            if (IsCutHere($"CreateDirectory {directory}"))
            {
                TearSimple(() => AddDirectory(Normalize(directory)));
            }

            AddDirectory(Normalize(directory));
        }

        private void MoveFile(string fromPath, string toPath)
        {
            byte[] data = _files[fromPath];
            _files.Remove(fromPath);
            _files[toPath] = data;
        }

        private void AddDirectory(string directory)
        {
            for (string d = directory; !IsRoot(d); d = Normalize(ParentOf(d)))
            {
                _directories.Add(d);
            }
        }

        private void RequireParentDirectory(string path)
        {
            string parent = ParentOf(path);
            if (!DirectoryExists(Normalize(parent)))
            {
                throw new DirectoryNotFoundException("no directory " + parent);
            }
        }

        private bool DirectoryExists(string normalized) => IsRoot(normalized) || _directories.Contains(normalized);

        private static bool IsRoot(string normalized) => normalized.Length == 0 || normalized.EndsWith(':');

        private static string Normalize(string directory) => directory.TrimEnd('/', '\\');

        private static string ParentOf(string path)
        {
            int at = path.LastIndexOfAny(['/', '\\']);
            return at < 0 ? string.Empty : path[..at];
        }
    }
}
