import { CORE_SCHEMA, defineMappingTag, load, mapTag } from 'js-yaml';

/**
 * Text the fast path leaves to the locating parser: tags, anchors and aliases, directives, tabs, byte
 * order marks, document-end markers and a carriage return without its line feed (a line break to
 * js-yaml, text to `yaml`), where the two parsers can disagree or a document expands on purpose. A
 * config rarely has any of them. The tests splice such text into configs to find every case.
 */
export const LOCATING_PARSER_ONLY = /[!&*%\t\ufeff]|\r(?!\n)|^\.\.\.|\n\.\.\./;

// js-yaml names a null key "null", `yaml` names it "": refusing it leaves such a file to `yaml`.
const plainMapTag = defineMappingTag('tag:yaml.org,2002:map', {
  create: mapTag.create,
  identify: mapTag.identify,
  has: mapTag.has,
  keys: mapTag.keys,
  get: mapTag.get,
  addPair: (container, key, value) =>
    key === null ? 'a null key is left to the locating parser' : mapTag.addPair(container, key, value),
});
const SCHEMA = CORE_SCHEMA.withTags(plainMapTag);

/**
 * The value of a YAML document, for the path where nothing needs a line number: js-yaml builds it
 * several times faster than `yaml` builds a document that keeps every node's position. Undefined
 * when the text should go to `parseYamlSource` instead: js-yaml refused it (the locating parser then
 * names the line), or the text has anything `LOCATING_PARSER_ONLY` matches. Both parsers resolve
 * plain scalars by the YAML 1.2 core schema; `plain-yaml.test.ts` holds them to the same values.
 */
export function plainYamlValue(text: string): { readonly value: unknown } | undefined {
  if (LOCATING_PARSER_ONLY.test(text)) return undefined;
  try {
    // An empty document is undefined to js-yaml and null to `yaml`.
    return { value: load(text, { schema: SCHEMA, maxAliases: 0 }) ?? null };
  } catch {
    return undefined;
  }
}
