using System.Device.Gpio;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Adapters
{
    /// <summary><see cref="IOutputPin"/> over a nanoFramework <see cref="GpioPin"/> opened as a push-pull output.</summary>
    public sealed class GpioOutputPin : IOutputPin
    {
        private readonly GpioPin _pin;

        /// <summary>Opens <paramref name="pinNumber"/> as an output and drives it to <paramref name="initialHigh"/> at once.</summary>
        public GpioOutputPin(GpioController controller, int pinNumber, bool initialHigh)
        {
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            Write(initialHigh);
        }

        /// <inheritdoc />
        public void Write(bool high)
        {
            _pin.Write(high ? PinValue.High : PinValue.Low);
        }
    }
}
