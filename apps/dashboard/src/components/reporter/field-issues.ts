import type { ErrorDetail } from '@sitroom/core';
import type { MessageKey, Translate } from '../../i18n/index.ts';

/**
 * Validation problems by form field, each in a form the screens can translate. Shared by the report
 * form and the rebuttal editor: both validate with the same zod schema the API uses, and both show
 * the API's own 400 `details` beside the same fields.
 */
export type FieldMessage = { key: MessageKey; vars?: Record<string, string | number> } | { text: string };
export type FieldErrors = Record<string, FieldMessage>;

/** What a zod issue carries that matters here (zod 4 `$ZodIssue`, loosely). */
export interface IssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: unknown;
  origin?: unknown;
  maximum?: unknown;
  keys?: readonly string[];
  /** For `invalid_format`: which format (`datetime`, `regex`, `url`…). */
  format?: unknown;
}

// The messages written in @sitroom/core's schemas, so client and server wording map to one catalogue entry.
const KNOWN_MESSAGES: [RegExp, (match: RegExpMatchArray) => FieldMessage][] = [
  [/^must not be empty$/, () => ({ key: 'err.empty' })],
  [/^must be an absolute http or https URL$/, () => ({ key: 'err.url' })],
  [/^must be an http\(s\) URL$/, () => ({ key: 'err.url' })],
  [/^must be a date YYYY-MM-DD$/, () => ({ key: 'err.date' })],
  [/^must be an email address$/, () => ({ key: 'err.email' })],
  [/^URL is longer than (\d+) characters$/, (m) => ({ key: 'err.tooLong', vars: { max: m[1]! } })],
  [/^at most 20 URLs$/, () => ({ key: 'err.tooManyUrls' })],
  [/^must be a BCP 47 language tag/, () => ({ key: 'err.language' })],
  [/^must be a region code/, () => ({ key: 'err.region' })],
  [/^must be an ISO 8601 date-time/, () => ({ key: 'err.datetime' })],
  [/^must not be in the future$/, () => ({ key: 'err.future' })],
  [/^must be a whole number$/, () => ({ key: 'err.integer' })],
  [/^must be at most (\d+) characters$/, (m) => ({ key: 'err.tooLong', vars: { max: m[1]! } })],
  [/^is not a known field$/, () => ({ key: 'err.unknownField' })],
  // zod's own wording, as a server 400 carries it without the issue code.
  [/^Invalid option/, () => ({ key: 'err.choose' })],
  [/^Invalid input: expected number/, () => ({ key: 'err.number' })],
  [/^Too small: expected number/, () => ({ key: 'err.min0' })],
];

/** A message for one problem: the catalogue's when the wording or the zod code is known, else the text as given. */
export function describeIssue(issue: { code?: string; message: string; expected?: unknown; origin?: unknown; maximum?: unknown; format?: unknown }, choiceField = false): FieldMessage {
  for (const [pattern, make] of KNOWN_MESSAGES) {
    const match = issue.message.match(pattern);
    if (match) return make(match);
  }
  switch (issue.code) {
    case 'invalid_value':
      return { key: 'err.choose' };
    case 'invalid_type':
      if (issue.expected === 'number') return { key: 'err.number' };
      return choiceField ? { key: 'err.choose' } : { key: 'err.empty' };
    case 'too_small':
      return issue.origin === 'number' ? { key: 'err.min0' } : { key: 'err.empty' };
    case 'too_big':
      return issue.origin === 'string' && typeof issue.maximum === 'number'
        ? { key: 'err.tooLong', vars: { max: issue.maximum } }
        : { text: issue.message };
    case 'invalid_format':
      // Only a date-time's format has a catalogue message; a pattern's own message says what it wants.
      return issue.format === 'datetime' ? { key: 'err.datetime' } : { text: issue.message };
    default:
      return { text: issue.message };
  }
}

export function messageText(t: Translate, message: FieldMessage): string {
  return 'key' in message ? t(message.key, message.vars) : message.text;
}

/** "urls.1" for ["urls", 1]; "(form)" for the body itself. */
export function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(form)';
}

/**
 * Collects problems by field. `fieldFor` turns a schema path into the field that shows it (list rows
 * may be renumbered); the first problem of a field wins, as the user fixes one thing at a time.
 */
export function collectErrors(
  problems: readonly { path: string; message: FieldMessage }[],
  fieldFor: (path: string) => string = (path) => path,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const field = fieldFor(problem.path);
    if (!(field in errors)) errors[field] = problem.message;
  }
  return errors;
}

/** Client-side zod issues as field errors. `choiceFields` are selects and radios ("choose one"). */
export function errorsFromIssues(issues: readonly IssueLike[], choiceFields: readonly string[], fieldFor?: (path: string) => string): FieldErrors {
  const problems = issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: { key: 'err.unknownField' } as FieldMessage }));
    }
    const path = pathOf(issue.path);
    const top = path.split('.')[0]!;
    return [{ path, message: describeIssue(issue, choiceFields.includes(top)) }];
  });
  return collectErrors(problems, fieldFor);
}

/** A 400's `details` as field errors, with the same wording rules. */
export function errorsFromDetails(details: readonly ErrorDetail[], choiceFields: readonly string[], fieldFor?: (path: string) => string): FieldErrors {
  const problems = details.map((detail) => ({
    path: detail.path === '(body)' ? '(form)' : detail.path,
    message: describeIssue({ message: detail.message }, choiceFields.includes(detail.path.split('.')[0]!)),
  }));
  return collectErrors(problems, fieldFor);
}

/** The first field of `order` with an error, else the first erroneous one not in `order`. */
export function firstInvalid(errors: FieldErrors, order: readonly string[]): string | null {
  return order.find((field) => field in errors) ?? Object.keys(errors)[0] ?? null;
}

/** A DOM id for a field path ("urls.1" → "prefix-urls-1"). */
export function fieldDomId(prefix: string, field: string): string {
  return `${prefix}-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
