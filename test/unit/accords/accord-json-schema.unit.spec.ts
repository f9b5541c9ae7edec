import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ACCORD_JSON_SCHEMA } from '../../../src/accords/accord-schema.controller';
import { parseAccord } from '../../../src/accords/accord.schema';

type Node = {
  properties?: Record<string, Node>;
  items?: Node;
  oneOf?: Node[];
  required?: string[];
  additionalProperties?: unknown;
  pattern?: string;
};

/** The README's annotated accord (the YAML block under "Defining an accord"). */
function readmeExample(): Record<string, unknown> {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Defining an accord'));
  return parseYaml(section.slice(section.indexOf('```yaml') + 7, section.indexOf('```\n', section.indexOf('```yaml') + 7)));
}

describe('the accord JSON Schema (GET /schemas/accord.json)', () => {
  const schema = ACCORD_JSON_SCHEMA as Node;
  const kinds = schema.properties!.commitments.items!.oneOf!;

  it('is as strict as the validator: required fields, no unknown keys, a schema per commitment kind', () => {
    expect(schema.required).toEqual(['id', 'name', 'signedAt', 'timezone', 'commitments']);
    expect(schema.additionalProperties).toBe(false);
    expect(kinds.map((k) => (k.properties!.kind as { const: string }).const)).toEqual(['reduction', 'quota', 'prohibition']);
    for (const kind of kinds) expect(kind.additionalProperties).toBe(false);
    expect(kinds[0].properties!.metric.pattern).toMatch(/prisoners_released/);
    expect((schema.properties!.actors.additionalProperties as Node).items!.pattern).toBe('^[a-z0-9][a-z0-9._-]{0,127}$');
  });

  it('is matched by the README example, which is valid and uses every key the schema has', () => {
    const example = readmeExample();
    expect(parseAccord(example)).toMatchObject({ ok: true });
    expect(Object.keys(schema.properties!).filter((key) => !(key in example))).toEqual([]);
    const used = new Set((example.commitments as Record<string, unknown>[]).flatMap((c) => Object.keys(c)));
    const keys = new Set(kinds.flatMap((k) => Object.keys(k.properties!)));
    expect([...keys].filter((key) => !used.has(key))).toEqual([]);
  });
});
