// Page cursors: what they accept, and how a page says there is another.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, decodeQueueCursor, encodeCursor, encodeQueueCursor, pageOf } from '../../src/api/cursor';
import { ApiError } from '../../src/api/errors';

const isBadCursor = (err: unknown) => err instanceof ApiError && err.status === 400 && (err.details as { field: string }[])[0]!.field === 'cursor';

describe('page cursors', () => {
  it('a full page asked for one extra row says there is more; a page that is not full does not', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    assert.deepEqual(pageOf(rows, 2), { rows: rows.slice(0, 2), nextCursor: encodeCursor('b') });
    assert.deepEqual(pageOf(rows.slice(0, 2), 2), { rows: rows.slice(0, 2), nextCursor: null });
    assert.equal(decodeCursor(encodeCursor('b')), 'b');
    assert.throws(() => decodeCursor(Buffer.from('x y').toString('base64url')), isBadCursor);
  });

  it("a queue cursor keeps PostgreSQL's own text of the time, and refuses a time that does not exist", () => {
    for (const at of ['2026-11-24 22:40:01.123456+00', '2026-11-24 16:40:01+05:30', '2024-02-29 00:00:00.5-08']) {
      assert.deepEqual(decodeQueueCursor(encodeQueueCursor(at, 'item-1')), { at, id: 'item-1' });
    }
    for (const at of ['2026-02-30 10:00:00+00', '2026-11-24 24:00:00+00', '2026-11-24T22:40:01Z', "2026-11-24 22:40:01+00'; drop table leads; --", '']) {
      assert.throws(() => decodeQueueCursor(encodeQueueCursor(at, 'item-1')), isBadCursor, at);
    }
    assert.throws(() => decodeQueueCursor(encodeQueueCursor('2026-11-24 22:40:01+00', 'a b')), isBadCursor);
    assert.throws(() => decodeQueueCursor(Buffer.from('2026-11-24 22:40:01+00|a|b').toString('base64url')), isBadCursor);
  });
});
