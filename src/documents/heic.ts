// HEIC photos (what iPhones take) decoded by libheif compiled to WebAssembly (`heic-decode`): sharp's prebuilt
// libvips reads AVIF but has no HEVC decoder. Loaded on first use.
import { createRequire } from 'node:module';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

interface HeifImage {
  width: number;
  height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
type DecodeAll = (input: { buffer: Uint8Array }) => Promise<HeifImage[] & { dispose(): void }>;

export class HeicPixelLimitError extends Error {}

/** The first image of a HEIC/HEIF file as PNG bytes; throws on a file it cannot decode, before decoding a pixel bomb. */
export async function heicToPng(bytes: Uint8Array, maxPixels: number): Promise<Uint8Array> {
  const { all } = require('heic-decode') as { all: DecodeAll };
  const images = await all({ buffer: bytes });
  try {
    const first = images[0]!;
    if (first.width * first.height > maxPixels) throw new HeicPixelLimitError(`${first.width}x${first.height} pixels`);
    const { width, height, data } = await first.decode();
    const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return new Uint8Array(await sharp(raw, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 1 }).toBuffer());
  } finally {
    images.dispose();
  }
}
