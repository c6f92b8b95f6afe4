/** jsonb parameters are passed as JSON text (see `Json<T>` in schema.ts). */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);
