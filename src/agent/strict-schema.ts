import { z } from 'zod';

// Keywords Claude's strict tool use does not accept (its grammar-constrained sampling compiles a plain subset of
// JSON Schema). The zod schema still checks them when the tool input arrives.
const UNSUPPORTED = new Set(['$schema', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties']);

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (UNSUPPORTED.has(k)) continue;
    if (k === 'minItems' && typeof v === 'number' && v > 1) continue;
    // `properties` maps names to schemas: recurse into the schemas, never drop a property named like a keyword.
    out[k] = k === 'properties' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, strip(s)])) : strip(v);
  }
  return out;
}

/** A zod object schema as a strict tool's `input_schema`. */
export function strictInputSchema(schema: z.ZodType): { type: 'object'; [k: string]: unknown } {
  return strip(z.toJSONSchema(schema)) as { type: 'object'; [k: string]: unknown };
}
