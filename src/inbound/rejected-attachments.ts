import type { AttachmentRejection } from '../db/documents';
import { formatMb } from '../files/size';
import type { InboundAttachment } from './intake';

/**
 * Why a file that arrived with a message could not be kept, as a rejection the document pipeline turns into a verdict
 * and a message for the lead ("too large: send a smaller file"). Null when there is nothing to tell the lead.
 */
export function attachmentRejection(reason: string, maxBytes: number, size?: number): AttachmentRejection | null {
  switch (reason) {
    case 'too_large':
      return { code: 'TOO_LARGE', detail: `${size ? `file is ${formatMb(size)}, ` : ''}over the limit ${formatMb(maxBytes)}`, ...(size ? { size } : {}) };
    case 'empty':
      return { code: 'EMPTY', detail: 'zero-byte file' };
    case 'invalid_base64':
      return { code: 'CORRUPT', detail: 'attachment content is not valid base64' };
    case 'too_many':
      return null; // a message with over 20 files: the first 20 are read, the log names the rest
    default:
      return { code: 'CORRUPT', detail: `the file could not be downloaded (${reason})` };
  }
}

/** A refused file as an attachment row without bytes, or null when the lead need not hear of it. */
export function refusedAttachment(filename: string, mimeType: string, reason: string, maxBytes: number, size?: number): InboundAttachment | null {
  const rejection = attachmentRejection(reason, maxBytes, size);
  return rejection ? { filename, mimeType, content: new Uint8Array(), rejection } : null;
}
