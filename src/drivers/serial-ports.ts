// Serial ports of this machine. SerialPort.list() needs udevadm and rejects
// where it is missing (minimal systems, containers): then the device files
// are listed directly.
import { readdir, realpath } from 'node:fs/promises';
import { loadSerialPort } from './serialport-module.js';

export interface SerialPortInfo {
  path: string;
  description: string;
}

export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  try {
    const { SerialPort } = await loadSerialPort();
    const ports = await SerialPort.list();
    if (ports.length > 0) {
      return ports.map((p) => ({ path: p.path, description: [p.manufacturer, p.vendorId && `${p.vendorId}:${p.productId}`].filter(Boolean).join(' ') }));
    }
  } catch {
    /* no udevadm here: fall back to the device files */
  }
  const found: SerialPortInfo[] = [];
  const byId = '/dev/serial/by-id';
  try {
    for (const name of await readdir(byId)) found.push({ path: `${byId}/${name}`, description: await realpath(`${byId}/${name}`).catch(() => '') });
  } catch {
    /* no by-id folder */
  }
  try {
    for (const name of (await readdir('/dev')).sort()) {
      if (/^tty(USB|ACM)\d+$/.test(name)) found.push({ path: `/dev/${name}`, description: '' });
    }
    for (const name of (await readdir('/dev')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
      if (/^ttyS\d+$/.test(name)) found.push({ path: `/dev/${name}`, description: 'port série intégré' });
    }
  } catch {
    /* no /dev to read */
  }
  return found;
}
