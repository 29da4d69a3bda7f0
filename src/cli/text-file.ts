// Files and standard input a command reads as text (CSV imports, stock
// counts), in the encoding given by --encoding: one option, one rule, for
// every command that reads a file.
import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { decodeFileText, FILE_ENCODINGS, type FileEncoding } from '../core/basics/file-encoding.js';
import { InputError, PosError } from '../core/basics/errors.js';

export const encodingOption = () =>
  new Option('--encoding <encodage>', 'encodage du fichier : utf8 (défaut), latin1, latin9 ou cp1252 (Excel Windows)').choices(FILE_ENCODINGS).default('utf8');

/** Text from bytes, or an InputError (exit 2) naming the line that is not in the encoding. */
export async function decodeInput(bytes: Uint8Array, encoding: FileEncoding, source: string): Promise<string> {
  const decoded = await decodeFileText(bytes, encoding);
  if (!decoded.ok) throw new InputError(`${source} refusé : ${decoded.error}`);
  return decoded.text;
}

/** A file's text; a missing or unreadable file is a PosError (exit 1). */
export async function readTextFile(file: string, encoding: FileEncoding): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new PosError(`Impossible de lire ${file} : ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : (err as Error).message}`);
  }
  return decodeInput(bytes, encoding, file);
}
