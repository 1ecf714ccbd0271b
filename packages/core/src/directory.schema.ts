import { z } from 'zod';
import { ORGANISATION_KINDS, ROLES } from './vocab.ts';
import { LanguageTag } from './report.schema.ts';

export const OrganisationInput = z.strictObject({ name: z.string().trim().min(1).max(200), kind: z.enum(ORGANISATION_KINDS) });
export const OrganisationView = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(ORGANISATION_KINDS) });

export const UserInput = z.strictObject({
  email: z.email('must be an email address').max(320),
  name: z.string().trim().min(1).max(200),
  organisationId: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1, 'give at least one role').max(ROLES.length),
  deskId: z.uuid().nullable().default(null),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
});
export const UserPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional(),
  deskId: z.uuid().nullable().optional(),
  password: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
});
export const UserView = z.object({
  id: z.uuid(), email: z.string(), name: z.string(), organisationId: z.uuid(), organisationName: z.string(),
  roles: z.array(z.enum(ROLES)), deskId: z.uuid().nullable(),
});

export const ApiKeyInput = z.strictObject({ organisationId: z.uuid(), label: z.string().trim().min(1).max(200) });
export const ApiKeyView = z.object({
  id: z.uuid(), label: z.string(), prefix: z.string(), organisationName: z.string(),
  createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});

export const NarrativeInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  claim: z.string().trim().min(1).max(5000),
  language: LanguageTag,
  text: z.string().trim().min(1).max(10_000),
  verdict: z.enum(['false', 'misleading', 'missing_context', 'true', 'unverifiable']),
});
export const NarrativeView = z.object({
  id: z.uuid(), kind: z.enum(['prebunk', 'rebuttal']), title: z.string(), claim: z.string(), language: z.string(), text: z.string(),
  verdict: z.string(), createdAt: z.string(),
});
export const NarrativeSuggestion = NarrativeView.extend({ similarity: z.number() });

export const LocaleInput = z.strictObject({ locale: z.enum(['en', 'es']) });
