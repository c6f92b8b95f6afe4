// What a transparent image is laid on before OCR. White suits dark text on a transparent background; light text on
// one (a logo, an export from a design tool) vanishes on white, so it gets black.
import sharp from 'sharp';

/** White, or black when what is drawn (weighted by opacity) is light. `hasAlpha`, when the caller read it already. */
export async function backdropFor(image: Uint8Array, limitInputPixels: number, hasAlpha?: boolean): Promise<'#ffffff' | '#000000'> {
  const img = sharp(image, { limitInputPixels, failOn: 'error' });
  if (!(hasAlpha ?? (await img.metadata()).hasAlpha)) return '#ffffff';
  const { data, info } = await img.resize(256, 256, { fit: 'inside' }).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let drawn = 0;
  let light = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const alpha = data[i + 3]! / 255;
    drawn += alpha;
    light += alpha * (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
  }
  return drawn > 0 && light / drawn > 160 ? '#000000' : '#ffffff';
}
