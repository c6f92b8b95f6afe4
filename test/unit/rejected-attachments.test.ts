import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejection } from '../../src/documents/pipeline';
import { attachmentRejection } from '../../src/inbound/rejected-attachments';

describe('attachments refused on arrival', () => {
  it('too large: the lead is told the limit and asked for a smaller file', () => {
    const r = attachmentRejection('too_large', 25 * 1024 * 1024, 31 * 1024 * 1024)!;
    assert.equal(r.code, 'TOO_LARGE');
    assert.equal(r.size, 31 * 1024 * 1024);
    const verdict = rejection(r.code, 'scan.pdf', r.detail);
    assert.equal(verdict.kind, 'rejected');
    assert.match(verdict.kind === 'rejected' ? verdict.leadMessage : '', /"scan\.pdf" is too large.*under 25 MB/);
  });

  it('undecodable and empty files ask for the file again; a download failure names its cause for the admin', () => {
    assert.equal(attachmentRejection('invalid_base64', 1000)!.code, 'CORRUPT');
    assert.equal(attachmentRejection('empty', 1000)!.code, 'EMPTY');
    assert.deepEqual(attachmentRejection('not_found', 1000), { code: 'CORRUPT', detail: 'the file could not be downloaded (not_found)' });
    assert.equal(attachmentRejection('too_many', 1000), null);
  });
});
