// Keyboard-wedge scanners type a code as if on a keyboard. Set up for QWERTY
// on a French AZERTY keyboard, the digit row comes out as `&é"'(-è_çà`: a
// burst made only of those characters is a barcode, and is read back as digits.

const AZERTY_DIGITS: Record<string, string> = {
  '&': '1', 'é': '2', '"': '3', "'": '4', '(': '5', '-': '6', 'è': '7', '_': '8', 'ç': '9', 'à': '0',
};

/** The shortest code worth reading back (EAN-8 is the shortest barcode a shop scans). */
const MIN_SCAN_LENGTH = 8;

/** Digits again if `text` is a digit row typed on AZERTY by a scanner; otherwise `text` unchanged. */
export function unwedgeAzerty(text: string): string {
  const chars = [...text];
  if (chars.length < MIN_SCAN_LENGTH || !chars.every((c) => c in AZERTY_DIGITS)) return text;
  return chars.map((c) => AZERTY_DIGITS[c]).join('');
}
