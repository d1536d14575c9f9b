using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SmartBin.Cli.Ports
{
    /// <summary>One serial port and what Linux says is attached.</summary>
    internal sealed record PortInfo(string Device, string? UsbVendorId, string? UsbProductId, string? Manufacturer, string? Product, string? Serial, string? ById, string Driver)
    {
        /// <summary>A hint at what the chip is, from well-known USB ids of ESP32 boards' serial bridges.</summary>
        public string? Chip => (UsbVendorId, UsbProductId) switch
        {
            ("10c4", "ea60") => "CP210x (common on ESP32 DevKit boards)",
            ("1a86", "7523") => "CH340",
            ("1a86", "55d4") => "CH9102",
            ("0403", "6001") => "FTDI FT232",
            ("303a", _) => "Espressif native USB",
            _ => null,
        };
    }

    /// <summary>
    /// Lists <c>/dev/ttyUSB*</c> and <c>/dev/ttyACM*</c> with the USB vendor/product id, manufacturer, product and
    /// serial number that sysfs exposes (walking up from <c>/sys/class/tty/NAME/device</c> to the USB device).
    /// The roots are parameters so tests can lay out a fake tree.
    /// </summary>
    internal static class PortScanner
    {
        private const int UsbParentLevelsMax = 6;
        private static readonly string[] Patterns = { "ttyUSB*", "ttyACM*" };

        public static IReadOnlyList<PortInfo> Scan(string devRoot = "/dev", string sysRoot = "/sys")
        {
            var byId = ById(Path.Combine(devRoot, "serial", "by-id"));
            var ports = new List<PortInfo>();
            foreach (string device in Patterns.SelectMany(p => SafeFiles(devRoot, p)).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(device);
                string sysDevice = Path.Combine(sysRoot, "class", "tty", name, "device");
                string? usb = FindUsbDevice(sysDevice);
                string driver = name.StartsWith("ttyACM", StringComparison.Ordinal) ? "cdc_acm" : "usb-serial";
                ports.Add(new PortInfo(device, Read(usb, "idVendor"), Read(usb, "idProduct"), Read(usb, "manufacturer"), Read(usb, "product"),
                    Read(usb, "serial"), byId.GetValueOrDefault(name), driver));
            }

            return ports;
        }

        private static IEnumerable<string> SafeFiles(string dir, string pattern)
        {
            try
            {
                return Directory.Exists(dir) ? Directory.GetFiles(dir, pattern) : Array.Empty<string>();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private static string? FindUsbDevice(string sysDevice)
        {
            DirectoryInfo? dir;
            try
            {
                var info = new DirectoryInfo(sysDevice);
                dir = info.Exists ? (info.ResolveLinkTarget(returnFinalTarget: true) as DirectoryInfo ?? info) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            for (int level = 0; dir is not null && level < UsbParentLevelsMax; level++, dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "idVendor")))
                {
                    return dir.FullName;
                }
            }

            return null;
        }

        private static string? Read(string? dir, string file)
        {
            if (dir is null)
            {
                return null;
            }

            try
            {
                string path = Path.Combine(dir, file);
                return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static Dictionary<string, string> ById(string dir)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string link in SafeFiles(dir, "*"))
            {
                try
                {
                    FileSystemInfo? target = new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true);
                    if (target is not null)
                    {
                        map[target.Name] = link;
                    }
                }
                catch (IOException)
                {
                    // A dangling link: the device just went away.
                }
            }

            return map;
        }
    }
}
