import * as z from 'zod';
import type { Issue } from '../errors.js';
import { closestKey } from './closest-key.js';
import { configFileSchema } from './schema.js';

/** An issue before the YAML source has given it a line. */
export type PathIssue = Omit<Issue, 'line' | 'column'>;

type ZodIssue = z.core.$ZodIssue & { readonly input?: unknown };

/**
 * The file the issues are of: its schema (for the known keys and spelling hints), what the messages
 * call the whole of it, and what an empty one needs.
 */
export type ZodIssueFile = { readonly schema: z.ZodType; readonly whole: string; readonly whenEmpty: string };

const CONFIG_FILE: ZodIssueFile = {
  schema: configFileSchema,
  whole: 'the config',
  whenEmpty: 'the file is empty; it needs at least an uplinks list',
};

/** Turns zod's issues into ours: one per unknown key (with a spelling hint) and messages that name the field. */
export function fromZodIssues(issues: readonly ZodIssue[], file: ZodIssueFile = CONFIG_FILE): PathIssue[] {
  // A misspelt required key also makes the real key "required"; the spelling hint alone says it better.
  const hinted = new Set<string>();
  const converted = issues.flatMap((issue): PathIssue[] => {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code !== 'unrecognized_keys') return [{ path, message: describe(issue, path, file) }];
    const known = knownKeysAt(file.schema, path);
    return issue.keys.map((key) => {
      const hint = closestKey(key, known);
      if (hint !== undefined) hinted.add(JSON.stringify([...path, hint]));
      const message =
        hint === undefined
          ? `unknown key "${key}" (known keys: ${known.join(', ')})`
          : `unknown key "${key}" (did you mean "${hint}"?)`;
      return { path: [...path, key], message };
    });
  });
  return converted.filter(
    (issue) => !(issue.message.endsWith(' is required') && hinted.has(JSON.stringify(issue.path))),
  );
}

function describe(issue: ZodIssue, path: readonly (string | number)[], file: ZodIssueFile): string {
  const field = fieldName(path, file.whole);
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `${field} is required`;
    if (issue.input === null && path.length === 0) return file.whenEmpty;
    if (issue.input === null) return `${field} has no value (expected ${noun(issue.expected)})`;
    return `${field} must be ${noun(issue.expected)}, not ${kindOf(issue.input)}`;
  }
  if (issue.code === 'invalid_value') return `${field} must be one of ${issue.values.map(String).join(', ')}`;
  // zod's own wording only; a schema's message (`.min(1, 'at least one target is required')`) stays.
  if ((issue.code === 'too_small' || issue.code === 'too_big') && /^Too (small|big):/.test(issue.message))
    return `${field} ${bounded(issue)}`;
  if (/^(must|is|has) /.test(issue.message)) {
    const shown = typeof issue.input === 'string' ? ` ${valueText(issue.input)}` : '';
    return `${field}${shown} ${issue.message}`;
  }
  return issue.message;
}

// zod's "Too small: expected array to have >=1 items", in the words of the other messages.
function bounded(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const side = issue.inclusive === false ? (small ? 'above' : 'below') : small ? 'at least' : 'at most';
  if (issue.origin === 'array' || issue.origin === 'set')
    return `must have ${side} ${bound} ${bound === 1 ? 'entry' : 'entries'}`;
  if (issue.origin === 'string') return `must be ${side} ${bound} characters long`;
  const shown = typeof issue.input === 'number' ? ` (got ${issue.input})` : '';
  return `must be ${side} ${bound}${shown}`;
}

function fieldName(path: readonly (string | number)[], whole: string): string {
  const named = path.findLast((part): part is string => typeof part === 'string');
  if (named === undefined) return whole;
  return typeof path.at(-1) === 'number' ? `each ${named} entry` : named;
}

const nouns: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

function noun(expected: string): string {
  return nouns[expected] ?? expected;
}

function kindOf(input: unknown): string {
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'number' && !Number.isInteger(input)) return `the fraction ${input}`;
  return `${typeof input} ${valueText(input)}`;
}

// A value as a message quotes it, cut short: a binary file's bytes or a pasted blob would bury the message.
function valueText(input: unknown): string {
  const text = JSON.stringify(input) ?? String(input);
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}

function knownKeysAt(root: z.ZodType, path: readonly (string | number)[]): string[] {
  let schema: unknown = root;
  for (const part of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodArray && typeof part === 'number') schema = schema.element;
    else if (schema instanceof z.ZodObject && typeof part === 'string') schema = schema.shape[part];
    else return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

// The topology's lists with a default (`hosts`, `forwards`) are ZodDefaults around the list.
function unwrap(schema: unknown): unknown {
  return schema instanceof z.ZodOptional || schema instanceof z.ZodDefault ? schema.unwrap() : schema;
}
