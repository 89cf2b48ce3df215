import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseYamlSource } from './yaml-source.js';

const text = `uplinks:
  - name: isp1
    interface: eth0
  - name: isp2
    adress: 192.0.2.10/24
`;

describe('parseYamlSource', () => {
  it('locates fields, keys of missing values, and list items by line', () => {
    const source = parseYamlSource(text, 'a.yaml');
    expect(source.locate(['uplinks', 0, 'interface']).line).toBe(3);
    expect(source.locate(['uplinks', 1, 'adress']).line).toBe(5);
    expect(source.locate(['uplinks', 1]).line).toBe(4);
    // A field that does not exist is reported at its closest parent.
    expect(source.locate(['uplinks', 1, 'gateway']).line).toBe(4);
  });

  it('turns a syntax error into a ConfigError with file and line', () => {
    const error = (() => {
      try {
        parseYamlSource('uplinks:\n  - name: [isp1\n', 'bad.yaml');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]?.line).toBeGreaterThan(0);
    expect((error as ConfigError).message).toMatch(/bad\.yaml:\d+/);
  });

  it('turns a dangling alias into a located ConfigError', () => {
    expect(() => parseYamlSource('a: 1\nb: *nowhere\n', 'alias.yaml', 'TOPOLOGY_INVALID')).toThrow(
      /alias\.yaml:2/,
    );
  });

  it('refuses a key that is a list or a map, at its line, with no warning from the parser', () => {
    const warnings: unknown[] = [];
    const onWarning = (warning: unknown) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      expect(() => parseYamlSource('a: 1\n? [b, c]\n: 2\n', 'complex.yaml')).toThrow(
        /all keys must be strings.*complex\.yaml:2/,
      );
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it.each([
    ['a: 1\nb: !foo 10.1.0.10/24\n', /YAML: unknown tag !foo \(it would be ignored\).*tag\.yaml:2:4/],
    ['a: 1\nb: !!foo x\n', /unknown tag !!foo .*tag\.yaml:2:4/],
    ['a: 1\nb: !<tag:x> 1\n', /unknown tag !<tag:x> .*tag\.yaml:2:4/],
    ['a: 1\nb: !foo [x]\n', /unknown tag !foo .*tag\.yaml:2:4/],
    ['a: 1\nb: !!set [x]\n', /YAML: tag !!set does not fit its value .*tag\.yaml:2:4/],
  ])('refuses a tag the parser would ignore, at its line: %j', (yaml, message) => {
    expect(() => parseYamlSource(yaml, 'tag.yaml')).toThrow(message);
  });

  it('keeps the tags YAML itself defines, and warnings that leave the value as written', () => {
    expect(parseYamlSource('a: !!str 10\nb: !!int "5"\n', 'core.yaml').value).toEqual({ a: '10', b: 5 });
    expect(parseYamlSource('%FOO bar\n---\na: &x: 1\n', 'odd.yaml').value).toEqual({ a: 1 });
  });

  it('refuses duplicate keys', () => {
    expect(() => parseYamlSource('a: 1\na: 2\n', 'dup.yaml')).toThrow(/dup\.yaml:2/);
  });
});
