// The USB printer adapter behind the same interface as the others. No USB
// printer exists here, so the real @node-escpos USB adapter runs against a
// fake libusb device object (an instance of usb.Device with a fake interface
// and OUT endpoint) that records the bytes.
import USBAdapter from '@node-escpos/usb-adapter';
import { usb } from 'usb';
import { drawerKick, encodeReceipt } from '../../src/drivers/escpos.js';
import { printerFromUri } from '../../src/drivers/receipt-printer.js';
import { parseUsbUri, UsbPrinter } from '../../src/drivers/usb-printer.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';

function fakeDevice(options: { failWrite?: boolean; noEndpoint?: boolean } = {}) {
  const written: Buffer[] = [];
  const events: string[] = [];
  const device = Object.create(usb.Device.prototype) as InstanceType<typeof usb.Device> & Record<string, unknown>;
  const endpoint = {
    direction: 'out',
    transfer(data: Buffer, cb: (err?: Error) => void) {
      if (options.failWrite) return cb(new Error('LIBUSB_ERROR_PIPE'));
      written.push(Buffer.from(data));
      cb(undefined);
    },
  };
  const iface = {
    altSetting: 0,
    setAltSetting(_alt: number, cb: () => void) {
      cb();
    },
    isKernelDriverActive: () => true,
    detachKernelDriver: () => events.push('detach-kernel-driver'),
    claim: () => events.push('claim'),
    endpoints: options.noEndpoint ? [] : [endpoint],
  };
  Object.defineProperty(device, 'interfaces', { value: [iface] });
  Object.defineProperty(device, 'open', { value: () => events.push('open') });
  Object.defineProperty(device, 'close', { value: () => events.push('close') });
  return { device, written, events };
}

describe('USB printer', () => {
  test('a receipt goes through the real adapter to the OUT endpoint; the device is released after', async () => {
    const fake = fakeDevice();
    const printer = new UsbPrinter({ vid: 0x04b8, pid: 0x0202 }, { adapterFactory: async () => new USBAdapter(fake.device) });
    const bytes = await encodeReceipt({ lines: [{ text: 'Crème brûlée 3,50 €' }], barcode: null });
    await printer.print(bytes);
    await printer.openDrawer();
    const all = Buffer.concat(fake.written);
    const decoded = decodeEscPos(all);
    expect(decoded.lines).toContain('Crème brûlée 3,50 €');
    expect(decoded.commands.filter((c) => c.name === 'drawerKick')).toHaveLength(1);
    expect(all.subarray(all.length - 5)).toEqual(drawerKick());
    expect(fake.events).toEqual(['open', 'detach-kernel-driver', 'claim', 'close', 'open', 'detach-kernel-driver', 'claim', 'close']);
    expect(printer.description).toBe('usb:04b8:0202');
  });

  test('a transfer error or a device without endpoint fails the job with the printer named', async () => {
    const failing = fakeDevice({ failWrite: true });
    const printer = new UsbPrinter('auto', { adapterFactory: async () => new USBAdapter(failing.device) });
    await expect(printer.print(Buffer.from('x'))).rejects.toThrow('usb:auto : LIBUSB_ERROR_PIPE');
    const noEndpoint = fakeDevice({ noEndpoint: true });
    const other = new UsbPrinter('auto', { adapterFactory: async () => new USBAdapter(noEndpoint.device) });
    await expect(other.print(Buffer.from('x'))).rejects.toThrow('endpoint');
  });

  test('no USB printer on this machine: a clear error, not a crash', async () => {
    await expect(printerFromUri('usb:04b8:0202').print(Buffer.from('x'))).rejects.toThrow(/04b8:0202|USB/);
  });

  test('usb addresses', () => {
    expect(parseUsbUri('usb:04b8:0202')).toEqual({ vid: 0x04b8, pid: 0x0202 });
    expect(parseUsbUri('usb:auto')).toBe('auto');
    expect(() => parseUsbUri('usb:xyz')).toThrow('usb:VID:PID');
  });
});
