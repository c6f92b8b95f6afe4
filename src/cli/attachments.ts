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

async function readOne(file: string): Promise<{ filename: string; mimeType: string; content: Buffer }> {
  const content = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read attachment ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  return { filename: path.basename(file), mimeType: guessMimeType(file), content };
}

/** Files from disk in the inbound API's attachment shape. */
export async function readAttachments(files: string[]) {
  return (await Promise.all(files.map(readOne))).map((f) => ({ filename: f.filename, mimeType: f.mimeType, contentBase64: f.content.toString('base64') }));
}

/** Files from disk as the `files[]` parts of a document upload. */
export async function uploadForm(fields: Record<string, string | undefined>, files: string[]): Promise<FormData> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  for (const f of await Promise.all(files.map(readOne))) form.append('files[]', new Blob([f.content], { type: f.mimeType }), f.filename);
  return form;
}
