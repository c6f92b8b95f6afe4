/**
 * The type of a file from its first bytes. Declared types lie (Postmark passes on whatever the mail client said:
 * "plain/text", "application/octet-stream" for a PDF, "image/png" for WebP), so attachments are typed from content.
 */

const ascii = (bytes: Uint8Array, start: number, end: number): string => {
  let s = '';
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i]!);
  return s;
};

const startsWith = (bytes: Uint8Array, sig: number[], offset = 0): boolean =>
  bytes.length >= offset + sig.length && sig.every((b, i) => bytes[offset + i] === b);

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'MSNV', 'f4v ']);

function sniffFtyp(bytes: Uint8Array): string | null {
  if (bytes.length < 12 || ascii(bytes, 4, 8) !== 'ftyp') return null;
  const brand = ascii(bytes, 8, 12);
  if (HEIC_BRANDS.has(brand)) return 'image/heic';
  if (HEIF_BRANDS.has(brand)) return 'image/heif';
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand.startsWith('3gp') || brand.startsWith('3g2')) return 'video/3gpp';
  if (brand === 'M4A ') return 'audio/mp4';
  if (MP4_BRANDS.has(brand)) return 'video/mp4';
  return 'video/mp4';
}

function sniffZip(bytes: Uint8Array): string {
  // Office Open XML files are zips whose entry names appear in clear text in the local headers.
  const head = ascii(bytes, 0, Math.min(bytes.length, 64 * 1024));
  if (head.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (head.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (head.includes('ppt/')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  return 'application/zip';
}

/** Strict UTF-8 without binary control characters: good enough to call something text. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const sample = bytes.subarray(0, 8192);
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) return false;
  }
  try {
    // A cut in the middle of a multi-byte sequence at the sample's end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample.length < bytes.length ? trimPartialUtf8(sample) : sample);
    return true;
  } catch {
    return false;
  }
}

function trimPartialUtf8(b: Uint8Array): Uint8Array {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    if ((c & 0xc0) === 0xc0) end -= i; // lead byte of a possibly incomplete sequence
    break;
  }
  return b.subarray(0, end);
}

/** The MIME type the bytes actually are, or null when the format is not recognised. */
export function sniffMimeType(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  // PDF readers accept the header anywhere in the first 1 KB (some mailers prepend junk).
  if (ascii(bytes, 0, 1024).includes('%PDF-')) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) return 'image/bmp';
  const ftyp = sniffFtyp(bytes);
  if (ftyp) return ftyp;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'application/x-ole-storage';
  if (ascii(bytes, 0, 6) === '#!AMR\n') return 'audio/amr';
  if (looksLikeText(bytes)) {
    const head = ascii(bytes, 0, 512).trimStart().toLowerCase();
    if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'text/html';
    if (head.startsWith('begin:vcard')) return 'text/vcard';
    return 'text/plain';
  }
  return null;
}

const OLE_TYPES = new Set(['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/vnd.ms-outlook']);

/**
 * The type to store: the sniffed one, refined by the declared one only where bytes cannot tell (text/csv vs
 * text/plain, which Office format an OLE container holds); `application/octet-stream` when nothing is recognised.
 */
export function resolveMimeType(bytes: Uint8Array, declared?: string | null): string {
  const decl = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  const sniffed = sniffMimeType(bytes);
  if (!sniffed) return 'application/octet-stream';
  if (sniffed === 'text/plain' && /^text\/(csv|calendar|markdown|tab-separated-values)$/.test(decl)) return decl;
  if (sniffed === 'application/x-ole-storage' && OLE_TYPES.has(decl)) return decl;
  return sniffed;
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/tiff': 'tiff',
  'image/bmp': 'bmp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/avif': 'avif',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/3gpp': '3gp',
  'audio/amr': 'amr',
  'audio/mp4': 'm4a',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/vcard': 'vcf',
  'application/zip': 'zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

export function extensionFor(mimeType: string): string {
  return EXTENSIONS[mimeType] ?? 'bin';
}
