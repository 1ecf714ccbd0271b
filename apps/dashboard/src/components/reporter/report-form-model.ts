import { CATEGORIES, PLATFORMS, ReportInput, TLP_LEVELS, type ErrorDetail, type Tlp } from '@sitroom/core';
import { errorsFromDetails, errorsFromIssues, type FieldErrors } from './field-issues.ts';

/** The report form as typed: every field is text, as inputs hold it; `urls` has one entry per row. */
export interface ReportFormValues {
  claim: string;
  urls: string[];
  platform: string;
  language: string;
  region: string;
  category: string;
  /** `datetime-local` value (YYYY-MM-DDTHH:mm), local time without a zone. */
  observedAt: string;
  reach: string;
  evidence: string;
  externalId: string;
  tlp: Tlp;
}

export const TLP_CHOICES = TLP_LEVELS;
export const PLATFORM_CHOICES = PLATFORMS;
export const CATEGORY_CHOICES = CATEGORIES;
const CHOICE_FIELDS = ['platform', 'category', 'tlp'] as const;

export function emptyReportForm(language = ''): ReportFormValues {
  return { claim: '', urls: [''], platform: '', language, region: '', category: '', observedAt: '', reach: '', evidence: '', externalId: '', tlp: 'amber' };
}

const TEXT_FIELDS = ['claim', 'platform', 'language', 'region', 'category', 'observedAt', 'reach', 'evidence', 'externalId'] as const;

/** A stored draft is only restored when it still has the form's shape. */
export function isReportFormValues(value: unknown): value is ReportFormValues {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    TEXT_FIELDS.every((field) => typeof v[field] === 'string') &&
    Array.isArray(v.urls) && v.urls.every((url) => typeof url === 'string') &&
    (TLP_LEVELS as readonly unknown[]).includes(v.tlp)
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A `datetime-local` value read as this device's local time, as ISO 8601 with its UTC offset
 * ("2026-11-24T14:05:00-04:00"), which is what the API requires. Anything else is returned unchanged
 * for the schema to explain.
 */
export function localDateTimeToIso(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(date.getTime())) return value;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A date as a `datetime-local` value in this device's time zone (for "Now" and the input's `max`). */
export function toLocalDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "UTC−04:00" for the hint beside the date field. */
export function zoneLabel(date: Date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  return `UTC${offset >= 0 ? '+' : '−'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export interface PreparedReport {
  /** The body for POST /reports, before validation. */
  body: Record<string, unknown>;
  /** `urlRows[i]` is the form row of `body.urls[i]`: empty rows are not sent, so indices shift. */
  urlRows: number[];
}

/**
 * The form as the API body: empty optional fields left out, empty link rows dropped, the date with
 * its zone, reach as a number (or the text, so the schema says it is not one). A web submission
 * without a reference of the user's gets `web-<submissionId>` so a retried send is never filed twice.
 */
export function prepareReport(values: ReportFormValues, submissionId?: string | null): PreparedReport {
  const urlRows: number[] = [];
  const urls: string[] = [];
  values.urls.forEach((url, row) => {
    if (url.trim() === '') return;
    urlRows.push(row);
    urls.push(url.trim());
  });
  const body: Record<string, unknown> = { claim: values.claim, urls, tlp: values.tlp };
  const optional = (field: string, value: unknown) => {
    if (value !== '' && value !== undefined) body[field] = value;
  };
  optional('platform', values.platform);
  optional('language', values.language.trim());
  optional('region', values.region.trim());
  optional('category', values.category);
  optional('observedAt', values.observedAt ? localDateTimeToIso(values.observedAt) : '');
  const reach = values.reach.trim();
  optional('reach', reach === '' ? '' : /^-?\d+(\.\d+)?$/.test(reach) ? Number(reach) : reach);
  optional('evidence', values.evidence.trim() === '' ? '' : values.evidence);
  const externalId = values.externalId.trim() || (submissionId ? `web-${submissionId}` : '');
  optional('externalId', externalId);
  return { body, urlRows };
}

/**
 * The field that shows a problem at a schema path: `urls.1` is the second link *sent*, which is the
 * row `urlRows[1]` of the form; paths the form has no control for go to the summary as `(form)`.
 */
export function reportFieldFor(path: string, urlRows: readonly number[]): string {
  const [top, index] = path.split('.');
  if (top === 'urls') {
    if (index === undefined) return 'urls';
    const row = urlRows[Number(index)];
    return row === undefined ? 'urls' : `urls.${row}`;
  }
  return (REPORT_FIELDS as readonly string[]).includes(top!) ? top! : '(form)';
}

export const REPORT_FIELDS = ['claim', 'urls', 'platform', 'language', 'region', 'category', 'observedAt', 'reach', 'evidence', 'externalId', 'tlp'] as const;

/** The order focus moves in on submit: the fields top to bottom, each link row in turn. */
export function reportFieldOrder(values: ReportFormValues): string[] {
  return REPORT_FIELDS.flatMap((field) => (field === 'urls' ? [...values.urls.map((_, row) => `urls.${row}`), 'urls'] : [field]));
}

export type ReportValidation = { ok: true; body: ReportInput; urlRows: number[] } | { ok: false; errors: FieldErrors; urlRows: number[] };

/** Validates with `ReportInput`, the schema the API validates the same body with. */
export function validateReport(values: ReportFormValues, submissionId?: string | null): ReportValidation {
  const { body, urlRows } = prepareReport(values, submissionId);
  const result = ReportInput.safeParse(body);
  if (result.success) return { ok: true, body: body as ReportInput, urlRows };
  return { ok: false, errors: errorsFromIssues(result.error.issues, CHOICE_FIELDS, (path) => reportFieldFor(path, urlRows)), urlRows };
}

/** The API's 400 `details` beside the same fields. */
export function reportErrorsFromServer(details: readonly ErrorDetail[], urlRows: readonly number[]): FieldErrors {
  return errorsFromDetails(details, CHOICE_FIELDS, (path) => reportFieldFor(path, urlRows));
}
