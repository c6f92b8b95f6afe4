import { ApiError } from './errors';

// Page cursors name the last row of a page by its id. The repositories compare against that row's own created_at, in
// the database, at the database's precision: a timestamp carried through JavaScript (milliseconds) would skip every
// row created in the same millisecond (microseconds apart, or the same now() in one transaction) as a page's last.

export const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

const ROW_ID = /^[\w.:-]{1,200}$/;

/** The 400 for a cursor we could not have issued. */
const malformed = (field: string) => new ApiError(400, 'validation_error', `${field}: malformed`, [{ field, message: 'malformed' }]);

/** The row id a cursor names; a 400 on `field` for anything we could not have issued. */
export function decodeCursor(cursor: string, field = 'cursor'): string {
  // Cursors issued before ids alone were `createdAt|id`.
  const id = Buffer.from(cursor, 'base64url').toString().split('|').at(-1) ?? '';
  if (!ROW_ID.test(id)) throw malformed(field);
  return id;
}

/**
 * A page of `limit` rows from a query asked for `limit + 1`: the extra row only says whether there is another page,
 * so a last page that happens to be full does not send the caller to an empty one.
 */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, cursorOf: (row: T) => string = (r) => encodeCursor(r.id)): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: cursorOf(page.at(-1)!) };
}

// A queue's rows leave it and change the time they are ordered by (an item settled is updated): its cursor carries
// the time of the page's last row as the database wrote it (text, microseconds and offset), not the row's time now.

export const encodeQueueCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');

/** PostgreSQL's text of a timestamptz ("2026-11-24 22:40:01.123456+00"), of a day that exists. */
const PG_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function isPgTimestamp(at: string): boolean {
  const m = PG_TIMESTAMP.exec(at);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

export function decodeQueueCursor(cursor: string, field = 'cursor'): { at: string; id: string } {
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (rest.length || !ROW_ID.test(id) || !isPgTimestamp(at)) throw malformed(field);
  return { at, id };
}
