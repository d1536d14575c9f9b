using System.Collections.Generic;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.PowerLoss
{
    /// <summary>
    /// The bin's flash as a scenario sees it: an <see cref="InMemoryFlashFileSystem"/> (which numbers the write points
    /// and cuts the power) with every mutating call also recorded with its bytes and the scenario step that made it,
    /// so the reference model can say what each write point means. Records a call as it starts, like the fault FS.
    /// </summary>
    internal sealed class RecordingFlash(InMemoryFlashFileSystem inner) : IFlashFileSystem
    {
        private readonly List<FlashWrite> _writes = [];

        public InMemoryFlashFileSystem Inner { get; } = inner;

        /// <summary>The scenario step now running; stamped on each write.</summary>
        public string Step { get; set; } = "start";

        /// <summary>Every mutating call so far: <c>Writes[k - 1]</c> is write point k.</summary>
        public IReadOnlyList<FlashWrite> Writes => _writes;

        public bool Exists(string path) => Inner.Exists(path);

        public byte[]? ReadAll(string path) => Inner.ReadAll(path);

        public string[] List(string directory) => Inner.List(directory);

        public void Write(string path, byte[] data, int length)
        {
            Record(FlashVerb.Write, path, null, data[..length]);
            Inner.Write(path, data, length);
        }

        public void Rename(string fromPath, string toPath)
        {
            Record(FlashVerb.Rename, fromPath, toPath, null);
            Inner.Rename(fromPath, toPath);
        }

        public void Delete(string path)
        {
            Record(FlashVerb.Delete, path, null, null);
            Inner.Delete(path);
        }

        public void CreateDirectory(string directory)
        {
            Record(FlashVerb.CreateDirectory, directory, null, null);
            Inner.CreateDirectory(directory);
        }

        private void Record(FlashVerb verb, string path, string? toPath, byte[]? data)
        {
            // A call made with the power already off is no write point: the fault FS throws before counting it.
            if (!Inner.IsPoweredOff)
            {
                _writes.Add(new FlashWrite(_writes.Count + 1, verb, path, toPath, data, Step));
            }
        }
    }

    /// <summary>The four mutating calls of <see cref="IFlashFileSystem"/>.</summary>
    internal enum FlashVerb
    {
        Write,
        Rename,
        Delete,
        CreateDirectory,
    }

    /// <summary>One write point: its number (from 1), the call, its bytes (Write only) and the step that made it.</summary>
    internal sealed record FlashWrite(int Point, FlashVerb Verb, string Path, string? ToPath, byte[]? Data, string Step)
    {
        public string FileName => System.IO.Path.GetFileName(Path.Replace('\\', '/'));
    }
}
