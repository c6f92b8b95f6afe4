import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './errors';

// The types borrowers actually send; anything else is sent as application/octet-stream.
const MIME_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function guessMimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Files from disk in the inbound API's attachment shape. */
export async function readAttachments(files: string[]) {
  return Promise.all(
    files.map(async (file) => {
      const content = await readFile(file).catch((err: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read attachment ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
      });
      return { filename: path.basename(file), mimeType: guessMimeType(file), contentBase64: content.toString('base64') };
    }),
  );
}
