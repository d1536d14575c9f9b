namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>
    /// An optional small character display (e.g. 16×2). Text is printable ASCII only: character ROMs and small
    /// display fonts carry nothing else.
    /// </summary>
    public interface ITextDisplay
    {
        /// <summary>Replaces both lines; each is at most the display's width and is shown left-aligned.</summary>
        void ShowLines(string top, string bottom);
    }
}
