// What the bytes are, from their magic numbers (the sniffer the channels use too): never trust the filename or the
// declared MIME type.
import { sniffMimeType } from '../files/sniff';
import type { SniffedKind } from './types';

const EXT: Record<string, SniffedKind> = {
  pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', jfif: 'jpeg', webp: 'webp', gif: 'gif',
  tif: 'tiff', tiff: 'tiff', heic: 'heic', heif: 'heic', bmp: 'bmp', txt: 'text',
};

const KIND_OF_MIME: Record<string, SniffedKind> = {
  'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/webp': 'webp', 'image/gif': 'gif',
  'image/tiff': 'tiff', 'image/heic': 'heic', 'image/heif': 'heic', 'image/avif': 'heic', 'image/bmp': 'bmp', 'text/plain': 'text',
};

function kindOf(mime: string | null): SniffedKind {
  if (!mime) return 'unknown';
  return KIND_OF_MIME[mime] ?? (mime.startsWith('text/') ? 'text' : 'unknown');
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
  return KIND_OF_MIME[declaredMimeType.toLowerCase().split(';')[0]!.trim()] ?? null;
}

export function sniff(bytes: Uint8Array, filename = '', declaredMimeType = ''): SniffResult {
  const mime = sniffMimeType(bytes);
  const kind = kindOf(mime);
  const claimed = claimedKind(filename, declaredMimeType);
  return { kind, mimeType: mime ?? 'application/octet-stream', claimed, mislabelled: claimed !== null && kind !== 'unknown' && claimed !== kind };
}

/** Image formats sharp's prebuilt libvips reads. HEIC is decoded to PNG first (heic.ts); BMP is not read. */
export function isReadableImageKind(k: SniffedKind): boolean {
  return k === 'png' || k === 'jpeg' || k === 'webp' || k === 'gif' || k === 'tiff';
}
