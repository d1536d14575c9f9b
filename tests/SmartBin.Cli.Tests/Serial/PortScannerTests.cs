using System.IO;
using SmartBin.Cli.Ports;
using Xunit;

namespace SmartBin.Cli.Tests.Serial
{
    /// <summary>`smartbin ports` reads USB ids the way Linux lays them out in sysfs (a fake tree here).</summary>
    public sealed class PortScannerTests
    {
        [Fact]
        public void Usb_serial_and_acm_ports_get_vendor_product_and_names_from_sysfs()
        {
            string root = Directory.CreateTempSubdirectory("smartbin-sysfs-").FullName;
            string dev = Directory.CreateDirectory(Path.Combine(root, "dev")).FullName;
            File.WriteAllText(Path.Combine(dev, "ttyUSB0"), string.Empty);
            File.WriteAllText(Path.Combine(dev, "ttyACM0"), string.Empty);
            File.WriteAllText(Path.Combine(dev, "ttyS0"), string.Empty);
            string usbDevice = Directory.CreateDirectory(Path.Combine(root, "sys", "devices", "usb1", "1-1")).FullName;
            File.WriteAllText(Path.Combine(usbDevice, "idVendor"), "10c4\n");
            File.WriteAllText(Path.Combine(usbDevice, "idProduct"), "ea60\n");
            File.WriteAllText(Path.Combine(usbDevice, "product"), "CP2102N USB to UART Bridge Controller\n");
            File.WriteAllText(Path.Combine(usbDevice, "manufacturer"), "Silicon Labs\n");
            string port = Directory.CreateDirectory(Path.Combine(usbDevice, "1-1:1.0", "ttyUSB0")).FullName;
            Directory.CreateDirectory(Path.Combine(root, "sys", "class", "tty", "ttyUSB0"));
            Directory.CreateSymbolicLink(Path.Combine(root, "sys", "class", "tty", "ttyUSB0", "device"), port);

            var ports = PortScanner.Scan(dev, Path.Combine(root, "sys"));

            Assert.Equal(2, ports.Count); // ttyS0 is no USB port
            PortInfo acm = ports[0];
            PortInfo usb = ports[1];
            Assert.Equal(Path.Combine(dev, "ttyACM0"), acm.Device);
            Assert.Null(acm.UsbVendorId);
            Assert.Equal("10c4", usb.UsbVendorId);
            Assert.Equal("ea60", usb.UsbProductId);
            Assert.Equal("Silicon Labs", usb.Manufacturer);
            Assert.Equal("CP2102N USB to UART Bridge Controller", usb.Product);
            Assert.StartsWith("CP210x", usb.Chip);
            Directory.Delete(root, recursive: true);
        }
    }
}
