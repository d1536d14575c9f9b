namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// Names of the outbox's files: <c>r{slot}.rec</c> for an entry, <c>r{slot}.bad</c> for a quarantined one,
    /// <c>append.tmp</c> for the entry being appended (the counter is <c>seq.a</c>/<c>seq.b</c>).
    /// </summary>
    public static class OutboxFiles
    {
        /// <summary>The entry being appended, before its rename into a slot.</summary>
        public const string TempName = "append.tmp";

        /// <summary>Extension of an entry file.</summary>
        public const string RecordExtension = ".rec";

        /// <summary>Extension of a quarantined (corrupt) entry file.</summary>
        public const string QuarantineExtension = ".bad";

        /// <summary>File name of <paramref name="slot"/> with <paramref name="extension"/>.</summary>
        public static string SlotName(int slot, string extension)
        {
            return "r" + NumberText.FormatLong(slot) + extension;
        }

        /// <summary>Slot number of a name like <c>r12.rec</c> with <paramref name="extension"/>, or -1.</summary>
        public static int ParseSlot(string name, string extension)
        {
            int digits = name.Length - 1 - extension.Length;
            if (digits <= 0 || name[0] != 'r' || name.Substring(1 + digits) != extension)
            {
                return -1;
            }

            long slot;
            bool parsed = NumberText.TryParseDigits(name, 1, digits, out slot) && slot <= int.MaxValue;
            return parsed ? (int)slot : -1;
        }
    }
}
