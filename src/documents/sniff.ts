// What the bytes are, from their magic numbers: never trust the filename or the declared MIME type.
import type { SniffedKind } from './types';

const MIME: Record<SniffedKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  heic: 'image/heic',
  bmp: 'image/bmp',
  text: 'text/plain',
  unknown: 'application/octet-stream',
};

const EXT: Record<string, SniffedKind> = {
  pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', jfif: 'jpeg', webp: 'webp', gif: 'gif',
  tif: 'tiff', tiff: 'tiff', heic: 'heic', heif: 'heic', bmp: 'bmp', txt: 'text',
};

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
}

export function sniffKind(bytes: Uint8Array): SniffedKind {
  const b = bytes;
  if (b.length === 0) return 'unknown';
  // PDF: "%PDF-" may be preceded by junk (the spec allows up to 1024 bytes).
  const head = ascii(b, 0, 1024);
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1|avif)$/.test(brand)) return 'heic';
  }
  if (ascii(b, 0, 2) === 'BM' && b.length > 26) return 'bmp';
  // Mostly printable UTF-8 / ASCII → text.
  const sample = b.subarray(0, 512);
  let printable = 0;
  for (const c of sample) if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc2) printable++;
  if (printable / sample.length > 0.97) return 'text';
  return 'unknown';
}

export function mimeOf(kind: SniffedKind): string {
  return MIME[kind];
}

export interface SniffResult {
  kind: SniffedKind;
  mimeType: string;
  /** What the filename extension / declared MIME type claimed, when they say something. */
  claimed: SniffedKind | null;
  /** True when the name or declared type says one format and the bytes are another. */
  mislabelled: boolean;
}

function claimedKind(filename: string, declaredMimeType: string): SniffedKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext && EXT[ext]) return EXT[ext]!;
  const m = declaredMimeType.toLowerCase().split(';')[0]!.trim();
  for (const [k, v] of Object.entries(MIME)) if (v === m && k !== 'unknown') return k as SniffedKind;
  if (m === 'image/jpg') return 'jpeg';
  return null;
}

export function sniff(bytes: Uint8Array, filename = '', declaredMimeType = ''): SniffResult {
  const kind = sniffKind(bytes);
  const claimed = claimedKind(filename, declaredMimeType);
  return { kind, mimeType: MIME[kind], claimed, mislabelled: claimed !== null && kind !== 'unknown' && claimed !== kind };
}

/** Image formats the pipeline reads (through sharp's prebuilt libvips). HEIC and BMP are not among them. */
export function isReadableImageKind(k: SniffedKind): boolean {
  return k === 'png' || k === 'jpeg' || k === 'webp' || k === 'gif' || k === 'tiff';
}
