import { ApiError } from './errors';

// Page cursors name the last row of a page by its id. The repositories compare against that row's own created_at, in
// the database, at the database's precision: a timestamp carried through JavaScript (milliseconds) would skip every
// row created in the same millisecond (microseconds apart, or the same now() in one transaction) as a page's last.

export const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

/** The row id a cursor names; a 400 on `field` for anything we could not have issued. */
export function decodeCursor(cursor: string, field = 'cursor'): string {
  // Cursors issued before ids alone were `createdAt|id`.
  const id = Buffer.from(cursor, 'base64url').toString().split('|').at(-1) ?? '';
  if (!/^[\w.:-]{1,200}$/.test(id)) throw new ApiError(400, 'validation_error', `${field}: malformed`, [{ field, message: 'malformed' }]);
  return id;
}

/**
 * A page of `limit` rows from a query asked for `limit + 1`: the extra row only says whether there is another page,
 * so a last page that happens to be full does not send the caller to an empty one.
 */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(page.at(-1)!.id) };
}
