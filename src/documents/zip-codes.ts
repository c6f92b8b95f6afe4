// US ZIP codes and the state each is in: the `zipcodes` package's table, offline. Loaded on first use (about
// 30 MB of heap), so only a process that validates documents pays for it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ZipTable {
  lookup(zip: string): { state: string; city: string } | undefined;
}
let table: ZipTable | undefined;

/** The state of a ZIP code, or null when the table does not know it (new, unique or PO-box ZIPs may be missing). */
export function stateOfZip(zip: string): string | null {
  table ??= require('zipcodes') as ZipTable;
  return table.lookup(zip.slice(0, 5))?.state ?? null;
}
