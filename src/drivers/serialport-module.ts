// serialport loads its native binding and a dozen parsers, a noticeable part of
// the till's start-up: it is loaded when a serial device is first opened, once.
let loading: Promise<typeof import('serialport')> | null = null;

export function loadSerialPort(): Promise<typeof import('serialport')> {
  return (loading ??= import('serialport'));
}
