// Sizes as users write them (`512M`, `2G`, `1.5G`, `800000`): binary units, K = 1024 bytes.

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
const SIZE = /^(\d{1,15}(?:\.\d{1,6})?)\s*([KMGT]?)(?:I?B)?$/i;

// What a bad size's error names as the accepted forms.
export const SIZE_FORMS = 'a number of bytes, or with a unit K, M, G or T (powers of 1024): 800000, 512M, 2G, 1.5G';

// A size in bytes, or undefined when `text` is not one (zero and negatives are not sizes).
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * (UNITS[(match[2] ?? '').toUpperCase()] ?? 1));
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

// Bytes in the largest unit, one decimal at most: 1073741824 -> "1G", 1610612736 -> "1.5G", 1000 -> "1000 bytes".
export function formatByteSize(bytes: number): string {
  for (const unit of ['T', 'G', 'M', 'K']) {
    const size = UNITS[unit] ?? 1;
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10}${unit}`;
  }
  return `${bytes} bytes`;
}
