// The bytes of an imported file turned into text, in the encoding the user
// names: UTF-8 by default (a BOM is allowed), or one of the single-byte
// encodings French spreadsheets still write (Excel's « CSV (séparateur : ;) »
// is Windows-1252). UTF-8 is read strictly: bytes that are not UTF-8 are
// refused with their line number, never turned into « � » and stored.
import { loadCodePages } from './code-pages.js';

export const FILE_ENCODINGS = ['utf8', 'latin1', 'latin9', 'cp1252'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** iconv-lite's names: latin1 is ISO-8859-1, latin9 ISO-8859-15 (with €), cp1252 Windows-1252 (€, œ, ’…). */
const ICONV_NAMES: Record<Exclude<FileEncoding, 'utf8'>, string> = { latin1: 'iso-8859-1', latin9: 'iso-8859-15', cp1252: 'windows-1252' };

export type DecodedText = { ok: true; text: string } | { ok: false; error: string };

/** The text of `bytes` in `encoding`; for UTF-8, the first line that is not valid UTF-8 is an error. */
export async function decodeFileText(bytes: Uint8Array, encoding: FileEncoding = 'utf8'): Promise<DecodedText> {
  if (encoding !== 'utf8') return { ok: true, text: (await loadCodePages()).decode(Buffer.from(bytes), ICONV_NAMES[encoding]) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: `ligne ${firstBadUtf8Line(bytes)} : le fichier n'est pas en UTF-8 (accents d'un autre encodage) ; s'il vient d'Excel ou d'un ancien logiciel, relancez avec --encoding cp1252 (ou --encoding latin1)` };
  }
}

/** The 1-based line holding the first byte sequence that is not UTF-8. */
function firstBadUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
