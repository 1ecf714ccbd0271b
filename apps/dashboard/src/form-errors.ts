import { detailsFromZodIssues, type ErrorDetail } from '@sitroom/core';
import { ApiError } from './api.ts';
import { describeIssue, messageText } from './components/reporter/field-issues.ts';
import type { Translate } from './i18n/translate.ts';

/** Field path ("conditions.categories", "sla.P1.acknowledgeMinutes") to the message shown beside it. */
export type FieldErrors = Record<string, string>;

type Issues = Parameters<typeof detailsFromZodIssues>[0];

/** Any zod schema of `@sitroom/core`: the same one the API validates the body with. */
export interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Issues } };
}

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Collects details by path; the first message of a path wins, as the user fixes one thing at a time. */
export function errorsFromDetails(details: readonly ErrorDetail[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of details) {
    if (!(detail.path in errors)) errors[detail.path] = detail.message;
  }
  return errors;
}

/**
 * A schema's or the API's wording in the reader's language: the catalogue's message when the wording (or
 * the zod issue code) is known, else the text as given. Without a translator, the text as given.
 */
export function translateMessage(t: Translate | undefined, issue: { message: string; code?: string }): string {
  return t ? messageText(t, describeIssue(issue)) : issue.message;
}

/**
 * Validates a form's value with the API's own schema, with the paths the API would answer with; with `t`,
 * the messages are the catalogue's.
 */
export function validate<T>(schema: Schema<T>, value: unknown, t?: Translate): Validated<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const issues = t ? result.error.issues.map((issue) => ({ ...issue, message: translateMessage(t, issue) })) : result.error.issues;
  const details = detailsFromZodIssues(issues).map((detail) => ({ ...detail, message: translateMessage(t, detail) }));
  return { ok: false, errors: errorsFromDetails(details) };
}

/** A 400's `details` by path (in the reader's language with `t`); other failures have none. */
export function errorsFromApi(error: unknown, t?: Translate): FieldErrors {
  if (!(error instanceof ApiError && error.status === 400)) return {};
  return errorsFromDetails(error.details.map((detail) => ({ ...detail, message: translateMessage(t, detail) })));
}

/**
 * The error of a field, or of anything inside it: `sla.P1` also shows "sla.P1.acknowledgeMinutes"
 * when the form has no control for the deeper path.
 */
export function fieldError(errors: FieldErrors, path: string, nested = false): string | undefined {
  if (errors[path]) return errors[path];
  if (!nested) return undefined;
  const prefix = `${path}.`;
  const key = Object.keys(errors).find((candidate) => candidate.startsWith(prefix));
  return key ? errors[key] : undefined;
}

/** Errors whose path no field of the form shows: listed in the form's summary instead of lost. */
export function unplacedErrors(errors: FieldErrors, shownPaths: readonly string[]): ErrorDetail[] {
  return Object.entries(errors)
    .filter(([path]) => !shownPaths.some((shown) => path === shown || path.startsWith(`${shown}.`)))
    .map(([path, message]) => ({ path, message }));
}

/** "es, ay ,qu," → ["es", "ay", "qu"]: list fields are typed as comma-separated text. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** A number field's text as the number the schema checks; empty or not a number stays as text so the schema says why. */
export function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}
