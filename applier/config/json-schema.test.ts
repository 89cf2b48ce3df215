import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderJsonSchema, SCHEMA_PATH } from './json-schema.js';

const committed = readFileSync(new URL(`../../${SCHEMA_PATH}`, import.meta.url), 'utf8');
const example = (name: string): unknown =>
  parse(readFileSync(new URL(`examples/${name}.yaml`, import.meta.url), 'utf8'));

describe('the published JSON Schema', () => {
  it('is exactly what the zod schema generates (run `npm run build && npm run schema` after changing it)', () => {
    expect(committed).toBe(renderJsonSchema());
  });

  it('names itself so editors can show it', () => {
    expect(JSON.parse(committed)).toMatchObject({ $id: 'urn:multihome:config:1', title: 'multihome config' });
  });

  describe('checked by a standard validator, as an editor would', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed));

    it.each(['article', 'ipv6'])('accepts the %s example', (name) => {
      expect(validate(example(name)), JSON.stringify(validate.errors)).toBe(true);
    });

    it('flags a misspelt key, a reserved table and a prefix-less address', () => {
      const config = {
        uplinks: [{ name: 'a', interface: 'eth0', adress: '192.0.2.10/24', gateway: '192.0.2.1' }],
      };
      expect(validate(config)).toBe(false);
      expect(
        validate({
          uplinks: [
            { name: 'a', interface: 'eth0', address: '192.0.2.10/24', gateway: '192.0.2.1', table: 254 },
          ],
        }),
      ).toBe(false);
      expect(
        validate({
          uplinks: [{ name: 'a', interface: 'eth0', address: '192.0.2.10', gateway: '192.0.2.1' }],
        }),
      ).toBe(false);
    });
  });
});
