namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>What <see cref="ConfigStore.Load"/> found.</summary>
    public enum ConfigLoadOutcome
    {
        /// <summary>Load has not run.</summary>
        NotLoaded,

        /// <summary>No copy on flash: defaults (a new bin).</summary>
        NothingStored,

        /// <summary>The newest copy was loaded and every copy present was valid.</summary>
        Loaded,

        /// <summary>The newest valid copy was loaded; another copy was corrupt (normal after a cut during a save).</summary>
        LoadedOtherCopyCorrupt,

        /// <summary>Every copy present was corrupt: defaults.</summary>
        AllCopiesCorrupt,
    }
}
