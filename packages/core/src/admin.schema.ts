import { z } from 'zod';
import { CATEGORIES, PLATFORMS, PRIORITIES } from './vocab.ts';
import { LanguageTag, RegionCode } from './report.schema.ts';
import { RoutingConditions } from './routing.ts';
import { TriageSettings } from './triage-settings.schema.ts';

const IanaTimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as "America/La_Paz"');

const CalendarDay = z.iso.date('must be a date YYYY-MM-DD');

export const RegionInput = z.strictObject({
  code: RegionCode,
  name: z.string().trim().min(1).max(200),
  sensitivity: z.number().int().min(0).max(3).default(0),
});

export const ElectionInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  pollingDay: CalendarDay,
  timezone: IanaTimeZone,
  languages: z.array(LanguageTag).max(50).default([]),
  regions: z.array(RegionInput).max(500).default([]),
  active: z.boolean().default(false),
  settings: TriageSettings.default(TriageSettings.parse({})),
});
export type ElectionInput = z.input<typeof ElectionInput>;

export const ElectionPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  pollingDay: CalendarDay.optional(),
  timezone: IanaTimeZone.optional(),
  languages: z.array(LanguageTag).max(50).optional(),
  regions: z.array(RegionInput).max(500).optional(),
  active: z.boolean().optional(),
});

export const ElectionView = z.object({
  id: z.uuid(),
  name: z.string(),
  pollingDay: z.string(),
  timezone: z.string(),
  languages: z.array(z.string()),
  active: z.boolean(),
  settings: TriageSettings,
  regions: z.array(z.object({ code: z.string(), name: z.string(), sensitivity: z.number() })),
});
export type ElectionView = z.infer<typeof ElectionView>;

export const LexiconTermInput = z.strictObject({
  language: LanguageTag,
  term: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  kind: z.enum(['violence', 'hate']),
  weight: z.number().int().min(1).max(20),
  enabled: z.boolean().default(true),
});
export const LexiconTermPatch = z.strictObject({
  term: z.string().trim().min(2).max(200).optional(),
  kind: z.enum(['violence', 'hate']).optional(),
  weight: z.number().int().min(1).max(20).optional(),
  enabled: z.boolean().optional(),
});
export const LexiconTermView = z.object({
  id: z.uuid(), language: z.string(), term: z.string(), termNorm: z.string(), kind: z.enum(['violence', 'hate']), weight: z.number(), enabled: z.boolean(),
});

export const RoutingRuleInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  deskId: z.uuid(),
  conditions: RoutingConditions,
  enabled: z.boolean().default(true),
  /** 1-based place in the order; at the end when omitted. */
  position: z.number().int().min(1).optional(),
});
export const RoutingRulePatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  deskId: z.uuid().optional(),
  conditions: RoutingConditions.optional(),
  enabled: z.boolean().optional(),
});
export const RoutingRuleView = z.object({
  id: z.uuid(), name: z.string(), position: z.number(), enabled: z.boolean(), conditions: RoutingConditions, deskId: z.uuid(), deskName: z.string(),
});
export const RoutingReorderInput = z.strictObject({ ids: z.array(z.uuid()).min(1).max(1000) });

/** A sample to test the rules against: "which desk would this go to, and why". */
export const RoutingTestInput = z.strictObject({
  category: z.enum(CATEGORIES),
  region: RegionCode.nullable().default(null),
  language: LanguageTag,
  platform: z.enum(PLATFORMS),
  priority: z.enum(PRIORITIES),
});

export const DeskInput = z.strictObject({ name: z.string().trim().min(1).max(200), isDefault: z.boolean().default(false) });
export const DeskWebhookInput = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).nullable(),
  secret: z.string().min(16, 'must be at least 16 characters').max(200).nullable(),
}).refine((w) => (w.url === null) === (w.secret === null), { message: 'give both url and secret, or neither to remove the webhook', path: ['secret'] });
export const DeskView = z.object({ id: z.uuid(), name: z.string(), isDefault: z.boolean(), webhookUrl: z.string().nullable() });
