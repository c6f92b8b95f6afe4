// PostgreSQL stores neither a NUL character in text or jsonb nor half of a UTF-16 surrogate pair (JSON allows both:
// "\u0000", "\ud800"). Written as they are, they fail the whole statement.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`);

/** The path (e.g. `metadata.note`, `tags.1`) of the first string or key PostgreSQL cannot store, or null. */
export function unstorableTextAt(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? storable(path.join('.')) : null;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  for (const [key, v] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return storable([...path, key].join('.'));
    const at = unstorableTextAt(v, [...path, key]);
    if (at !== null) return at;
  }
  return null;
}

/**
 * `value` with every string made storable: NULs dropped, unpaired surrogates replaced by U+FFFD. For text a provider
 * delivers on a lead's behalf (webhooks), which must be kept rather than refused. Bytes are left alone.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return (UNSTORABLE.test(value) ? value.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD') : value) as T;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(storable) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)])) as T;
}
