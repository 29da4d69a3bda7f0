// An ESC/POS decoder for the tests: turns printer bytes back into text lines
// (decoded with the code page the bytes selected) and named commands, so
// receipt tests assert what a printer would really do.
import iconv from 'iconv-lite';

export type Command =
  | { name: 'init' }
  | { name: 'codePage'; table: number }
  | { name: 'bold'; on: boolean }
  | { name: 'align'; value: number }
  | { name: 'size'; value: number }
  | { name: 'feed'; lines: number }
  | { name: 'cut'; partial: boolean }
  | { name: 'drawerKick'; pin: number; onMs: number; offMs: number }
  | { name: 'barcode'; type: number; data: string }
  | { name: 'barcodeSetting'; what: string; value: number }
  | { name: 'qr'; data: string }
  | { name: 'statusQuery'; n: number }
  | { name: 'unknown'; bytes: number[] };

export interface Decoded {
  commands: Command[];
  lines: string[];
  /** commands and lines in order: a line is { name: 'line', text } */
  sequence: Array<Command | { name: 'line'; text: string }>;
}

const TABLE_ENCODINGS: Record<number, string> = { 0: 'cp437', 2: 'cp850', 3: 'cp860', 4: 'cp863', 5: 'cp865', 16: 'cp1252', 18: 'cp852', 19: 'cp858' };

export function decodeEscPos(bytes: Buffer): Decoded {
  const commands: Command[] = [];
  const lines: string[] = [];
  const sequence: Decoded['sequence'] = [];
  let encoding = 'cp437';
  let text: number[] = [];
  const cmd = (c: Command) => {
    commands.push(c);
    sequence.push(c);
  };
  const endLine = () => {
    const line = iconv.decode(Buffer.from(text), encoding);
    lines.push(line);
    sequence.push({ name: 'line', text: line });
    text = [];
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n1 = bytes[i + 1];
    if (b === 0x0a) {
      endLine();
      i += 1;
    } else if (b === 0x1b) {
      if (n1 === 0x40) (cmd({ name: 'init' }), (i += 2));
      else if (n1 === 0x74) {
        const table = bytes[i + 2]!;
        encoding = TABLE_ENCODINGS[table] ?? 'cp437';
        cmd({ name: 'codePage', table });
        i += 3;
      } else if (n1 === 0x45) (cmd({ name: 'bold', on: bytes[i + 2] === 1 }), (i += 3));
      else if (n1 === 0x61) (cmd({ name: 'align', value: bytes[i + 2]! }), (i += 3));
      else if (n1 === 0x21) (cmd({ name: 'size', value: bytes[i + 2]! }), (i += 3));
      else if (n1 === 0x64) (cmd({ name: 'feed', lines: bytes[i + 2]! }), (i += 3));
      else if (n1 === 0x70) {
        cmd({ name: 'drawerKick', pin: bytes[i + 2] === 1 ? 5 : 2, onMs: bytes[i + 3]! * 2, offMs: bytes[i + 4]! * 2 });
        i += 5;
      } else if (n1 === 0x4d || n1 === 0x2d || n1 === 0x47 || n1 === 0x33 || n1 === 0x34) i += 3; // font, underline, double strike, line spacing, italic
      else if (n1 === 0x32) i += 2;
      else (cmd({ name: 'unknown', bytes: [b, n1 ?? -1] }), (i += 2));
    } else if (b === 0x1d) {
      if (n1 === 0x56) {
        const m = bytes[i + 2]!;
        cmd({ name: 'cut', partial: m === 1 || m === 0x31 || m === 66 });
        i += m === 65 || m === 66 ? 4 : 3;
      } else if (n1 === 0x6b) {
        const type = bytes[i + 2]!;
        let j = i + 3;
        if (type <= 6) {
          while (j < bytes.length && bytes[j] !== 0) j++;
          cmd({ name: 'barcode', type, data: bytes.subarray(i + 3, j).toString('latin1') });
          i = j + 1;
        } else {
          const len = bytes[i + 3]!;
          cmd({ name: 'barcode', type, data: bytes.subarray(i + 4, i + 4 + len).toString('latin1') });
          i = i + 4 + len;
        }
      } else if (n1 === 0x77 || n1 === 0x68 || n1 === 0x48 || n1 === 0x66) {
        cmd({ name: 'barcodeSetting', what: String.fromCharCode(n1), value: bytes[i + 2]! });
        i += 3;
      } else if (n1 === 0x21) (cmd({ name: 'size', value: bytes[i + 2]! }), (i += 3));
      else if (n1 === 0x28 && bytes[i + 2] === 0x6b) {
        const len = bytes[i + 3]! + bytes[i + 4]! * 256;
        const cn = bytes[i + 5];
        const fn = bytes[i + 6];
        if (cn === 0x31 && fn === 0x50) cmd({ name: 'qr', data: bytes.subarray(i + 8, i + 5 + len).toString('latin1') });
        i += 5 + len;
      } else (cmd({ name: 'unknown', bytes: [b, n1 ?? -1] }), (i += 2));
    } else if (b === 0x10 && n1 === 0x04) {
      cmd({ name: 'statusQuery', n: bytes[i + 2]! });
      i += 3;
    } else {
      text.push(b);
      i += 1;
    }
  }
  if (text.length) endLine();
  return { commands, lines, sequence };
}
