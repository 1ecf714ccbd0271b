import { CHANNELS, RebuttalInput, VERDICTS, can, type ErrorDetail, type RebuttalView, type SessionUser } from '@sitroom/core';
import type { MessageKey } from '../../i18n/index.ts';
import type { NarrativeSuggestionItem, RebuttalBody } from '../../rebuttal-api.ts';
import { errorsFromDetails, errorsFromIssues, type FieldErrors } from '../reporter/field-issues.ts';

export const VERDICT_CHOICES = VERDICTS;
export const CHANNEL_CHOICES = CHANNELS;
export const REBUTTAL_FIELDS = ['text', 'language', 'verdict', 'channels'] as const;
const CHOICE_FIELDS = ['verdict', 'channels'];

export interface RebuttalFormValues {
  text: string;
  language: string;
  verdict: string;
  channels: string[];
}

export function emptyRebuttalForm(language: string): RebuttalFormValues {
  return { text: '', language, verdict: '', channels: [] };
}

export function formFromRebuttal(r: Pick<RebuttalView, 'text' | 'language' | 'verdict' | 'channels'>): RebuttalFormValues {
  return { text: r.text, language: r.language, verdict: r.verdict, channels: [...r.channels] };
}

/** A suggestion as a starting draft: its text, language and verdict; channels stay the user's choice. */
export function formFromSuggestion(s: NarrativeSuggestionItem, current: RebuttalFormValues): RebuttalFormValues {
  const verdict = (VERDICTS as readonly string[]).includes(s.verdict) ? s.verdict : current.verdict;
  return { text: s.text, language: s.language, verdict, channels: current.channels };
}

/** `channels.3` has no control of its own: it shows beside the channel checkboxes. */
export function rebuttalFieldFor(path: string): string {
  const top = path.split('.')[0]!;
  return (REBUTTAL_FIELDS as readonly string[]).includes(top) ? top : '(form)';
}

export type RebuttalValidation = { ok: true; body: RebuttalBody } | { ok: false; errors: FieldErrors };

/** Validates with `RebuttalInput`, the schema the API checks a new draft with (an edit sends the same fields plus `version`). */
export function validateRebuttal(values: RebuttalFormValues): RebuttalValidation {
  const body: Record<string, unknown> = { text: values.text, language: values.language.trim(), channels: values.channels };
  if (values.verdict) body.verdict = values.verdict;
  const result = RebuttalInput.safeParse(body);
  if (result.success) return { ok: true, body: body as unknown as RebuttalBody };
  return { ok: false, errors: errorsFromIssues(result.error.issues, CHOICE_FIELDS, rebuttalFieldFor) };
}

export function rebuttalErrorsFromServer(details: readonly ErrorDetail[]): FieldErrors {
  return errorsFromDetails(details, CHOICE_FIELDS, rebuttalFieldFor);
}

export interface RebuttalActions {
  edit: boolean;
  approve: boolean;
  publish: boolean;
  /** Why there is no approve or publish button, when the user would otherwise expect one. */
  note: MessageKey | null;
}

/**
 * What this user may do with this rebuttal. Four eyes: an approver never gets an approve button on a
 * draft they wrote, and is told why; the API refuses it with 403 anyway.
 */
export function rebuttalActions(user: Pick<SessionUser, 'id' | 'roles'>, rebuttal: Pick<RebuttalView, 'status' | 'authorId'>): RebuttalActions {
  const mayApprove = can(user.roles, 'rebuttal.approve');
  const mayPublish = can(user.roles, 'rebuttal.publish');
  const mayDraft = can(user.roles, 'rebuttal.draft');
  const own = rebuttal.authorId === user.id;
  switch (rebuttal.status) {
    case 'draft':
      return {
        edit: mayDraft,
        approve: mayApprove && !own,
        publish: false,
        note: mayApprove ? (own ? 'rb.ownDraft' : null) : mayDraft ? 'rb.awaitApproval' : null,
      };
    case 'approved':
      return { edit: mayDraft, approve: false, publish: mayPublish, note: mayPublish ? null : mayDraft ? 'rb.awaitPublish' : null };
    default:
      return { edit: false, approve: false, publish: false, note: null };
  }
}
