import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { strictInputSchema } from '../../src/agent/strict-schema';
import { toolSchemas } from '../../src/agent/tools';
import { REVIEW_TOOL } from '../../src/documents/model-review';

const UNSUPPORTED = /"(minLength|maxLength|pattern|minimum|maximum|exclusiveMinimum|exclusiveMaximum|multipleOf|maxItems|\$schema)":/;

function objects(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => objects(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'object') out.push(o);
    Object.values(o).forEach((v) => objects(v, out));
  }
  return out;
}

describe('strict tool schemas for Claude', () => {
  it('every tool the model is given is in the subset strict mode compiles: no length or number bounds, every object closed', () => {
    for (const tool of [...toolSchemas(), { ...REVIEW_TOOL, strict: true }]) {
      assert.equal(tool.strict, true, tool.name);
      assert.doesNotMatch(JSON.stringify(tool.input_schema), UNSUPPORTED, tool.name);
      for (const o of objects(tool.input_schema)) assert.equal(o.additionalProperties, false, `${tool.name}: ${JSON.stringify(o).slice(0, 80)}`);
    }
  });

  it('drops bounds but keeps properties that happen to be named like keywords, and small minItems', () => {
    const schema = strictInputSchema(z.object({ pattern: z.string().min(2).max(9), list: z.array(z.number().min(0)).min(1).max(5) }).strict());
    assert.deepEqual(schema, {
      type: 'object',
      properties: { pattern: { type: 'string' }, list: { type: 'array', items: { type: 'number' }, minItems: 1 } },
      required: ['pattern', 'list'],
      additionalProperties: false,
    });
  });
});
