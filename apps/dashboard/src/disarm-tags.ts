import { DisarmTagsInput, detailsFromZodIssues, type DisarmTag, type ErrorDetail } from '@sitroom/core';
import { collectErrors, type FieldErrors, type FieldMessage } from './components/reporter/field-issues.ts';

/**
 * The DISARM tags section's logic: the whole tag set the API is sent (it replaces the incident's set),
 * duplicates caught before sending, and the schema's and the API's messages put beside the add form's
 * fields in the reader's language.
 */

/** The add form's fields; what neither shows is the form's ("(form)"). */
export type DisarmField = 'id' | 'frameworkVersion';

/** What `PUT /incidents/:id/disarm-tags` takes: every id the incident keeps, and the version the user saw. */
export type DisarmTagsChange = Omit<DisarmTagsInput, 'frameworkVersion'> & { frameworkVersion?: string };

// @sitroom/core's wording for the tag schemas (DisarmId, DisarmTagsInput), client's and API's alike.
const KNOWN_MESSAGES: [RegExp, (match: RegExpMatchArray) => FieldMessage][] = [
  [/^must be a DISARM tactic id/, () => ({ key: 'disarm.err.id' })],
  [/^must be a version number/, () => ({ key: 'disarm.err.version' })],
  [/^at most (\d+) tags$/, (m) => ({ key: 'disarm.err.tooMany', vars: { max: m[1]! } })],
];

/** A tag schema's message as the catalogue says it; other wording as given. */
export function disarmMessage(message: string): FieldMessage {
  for (const [pattern, make] of KNOWN_MESSAGES) {
    const match = message.match(pattern);
    if (match) return make(match);
  }
  return { text: message };
}

/** "tags.2" (an id of the set: only the new one can be wrong) is the id field's; "frameworkVersion" its own. */
export function disarmFieldFor(path: string): DisarmField | '(form)' {
  if (path === 'tags' || path.startsWith('tags.')) return 'id';
  if (path === 'frameworkVersion') return 'frameworkVersion';
  return '(form)';
}

/** Validation details (the schema's, or a 400's) as the add form's field errors. */
export function disarmErrors(details: readonly ErrorDetail[]): FieldErrors {
  return collectErrors(
    details.map((detail) => ({ path: detail.path, message: disarmMessage(detail.message) })),
    disarmFieldFor,
  );
}

export type AddPlan = { ok: true; id: string; change: DisarmTagsChange } | { ok: false; errors: FieldErrors };

/**
 * The tag set with `input.id` added, checked with the API's own schema: an id the incident already has
 * is said so rather than sent; "t0023.001" is sent as "T0023.001".
 */
export function planAdd(current: readonly Pick<DisarmTag, 'id'>[], input: { id: string; frameworkVersion: string }, version: number): AddPlan {
  if (!input.id.trim()) return { ok: false, errors: { id: { key: 'err.empty' } } };
  const body = DisarmTagsInput.safeParse({ tags: [...current.map((tag) => tag.id), input.id], frameworkVersion: input.frameworkVersion, version });
  if (!body.success) return { ok: false, errors: disarmErrors(detailsFromZodIssues(body.error.issues)) };
  const id = body.data.tags[body.data.tags.length - 1]!;
  if (current.some((tag) => tag.id === id)) return { ok: false, errors: { id: { key: 'disarm.duplicate', vars: { id } } } };
  return { ok: true, id, change: body.data };
}

/** The tag set without `id` (the tags kept keep their framework version). */
export function planRemove(current: readonly Pick<DisarmTag, 'id'>[], id: string, version: number): DisarmTagsChange {
  return { tags: current.filter((tag) => tag.id !== id).map((tag) => tag.id), version };
}

/** What the panel shows: the detail, or the set a save answered with until the detail catches up with it. */
export function shownTags(
  detail: { version: number; disarmTags?: DisarmTag[] },
  saved: { version: number; tags: DisarmTag[] } | null,
): { version: number; tags: DisarmTag[] } {
  if (saved && saved.version > detail.version) return saved;
  // An API from before DISARM tags answers without them: none, not a broken panel.
  return { version: detail.version, tags: detail.disarmTags ?? [] };
}

/** "v1.4" for "1.4" and for "v1.4". */
export function versionLabel(frameworkVersion: string): string {
  return `v${frameworkVersion.replace(/^v/i, '')}`;
}
