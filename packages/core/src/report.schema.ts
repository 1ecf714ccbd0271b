import { z } from 'zod';
import { CATEGORIES, PLATFORMS, REPORT_STATUSES, TLP_LEVELS } from './vocab.ts';

/** Allowed clock skew between a filer's clock and ours when checking that observedAt is not in the future. */
export const OBSERVED_AT_SKEW_MS = 5 * 60 * 1000;

const httpUrl = z
  .string()
  .max(2048, 'URL is longer than 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be an absolute http or https URL');

/** BCP 47 language tag, loosely: a 2-3 letter primary subtag and optional subtags (es, en-GB, sr-Latn, ay). */
export const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "es" or "en-GB"')
  .transform((tag) => {
    const [primary, ...rest] = tag.split('-');
    return [primary!.toLowerCase(), ...rest].join('-');
  });

export const RegionCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be a region code of 1-32 letters, digits, "-" or "_"');

/** What a filer sends to POST /api/v1/reports. Unknown fields are rejected, not ignored. */
export const ReportInput = z.strictObject({
  claim: z.string().trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters'),
  urls: z.array(httpUrl).max(20, 'at most 20 URLs').default([]),
  platform: z.enum(PLATFORMS),
  language: LanguageTag,
  region: RegionCode.optional(),
  category: z.enum(CATEGORIES),
  observedAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T18:00:00Z' })
    .refine((value) => Date.parse(value) <= Date.now() + OBSERVED_AT_SKEW_MS, 'must not be in the future')
    .optional(),
  reach: z.number().int('must be a whole number').min(0).max(1e12).optional(),
  evidence: z.string().max(10000, 'must be at most 10000 characters').optional(),
  externalId: z.string().trim().min(1).max(200).optional(),
  tlp: z.enum(TLP_LEVELS).default('amber'),
});
export type ReportInput = z.input<typeof ReportInput>;
export type ReportInputParsed = z.output<typeof ReportInput>;

export const ReportAccepted = z.object({
  id: z.uuid(),
  status: z.enum(REPORT_STATUSES),
});
export type ReportAccepted = z.infer<typeof ReportAccepted>;

/** A report as the API shows it. */
export const ReportView = z.object({
  id: z.uuid(),
  /** Null when the viewer may not know who filed it. */
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  externalId: z.string().nullable(),
  claim: z.string(),
  urls: z.array(z.string()),
  platform: z.enum(PLATFORMS),
  language: z.string(),
  region: z.string().nullable(),
  category: z.enum(CATEGORIES),
  observedAt: z.string(),
  reach: z.number().nullable(),
  evidence: z.string().nullable(),
  tlp: z.enum(TLP_LEVELS),
  status: z.enum(REPORT_STATUSES),
  incidentId: z.uuid().nullable(),
  receivedAt: z.string(),
  triagedAt: z.string().nullable(),
  /** How much of it this viewer sees: `full`, `anonymous` (no filer) or `restricted` (TLP:RED, existence only). */
  access: z.enum(['full', 'anonymous', 'restricted']).default('full'),
});
export type ReportView = z.infer<typeof ReportView>;

/** One of "my organisation's reports", with its incident's status and the published answer. */
export const OwnReportView = ReportView.extend({
  incidentStatus: z.string().nullable(),
  answer: z.object({ verdict: z.string(), text: z.string(), language: z.string(), publishedAt: z.string() }).nullable(),
});
export type OwnReportView = z.infer<typeof OwnReportView>;
