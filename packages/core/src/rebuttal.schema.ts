import { z } from 'zod';
import { LanguageTag } from './report.schema.ts';

export const VERDICTS = ['false', 'misleading', 'missing_context', 'true', 'unverifiable'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const REBUTTAL_STATUSES = ['draft', 'approved', 'published'] as const;
export const CHANNELS = ['website', 'x', 'facebook', 'whatsapp', 'telegram', 'tiktok', 'instagram', 'radio', 'tv', 'press_release', 'sms'] as const;

export const RebuttalInput = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(10_000),
  language: LanguageTag,
  verdict: z.enum(VERDICTS),
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).default([]),
});
export const RebuttalPatch = z.strictObject({
  text: z.string().trim().min(1).max(10_000).optional(),
  language: LanguageTag.optional(),
  verdict: z.enum(VERDICTS).optional(),
  channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).optional(),
  version: z.number().int().min(1),
});

export const RebuttalView = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  text: z.string(),
  language: z.string(),
  verdict: z.enum(VERDICTS),
  channels: z.array(z.string()),
  status: z.enum(REBUTTAL_STATUSES),
  authorId: z.uuid(),
  authorName: z.string(),
  approvedById: z.uuid().nullable(),
  approvedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type RebuttalView = z.infer<typeof RebuttalView>;

/** schema.org's rating scale for the verdicts: 1 is false, 5 is true. */
const RATING: Record<Verdict, { value: number; alternateName: string }> = {
  false: { value: 1, alternateName: 'False' },
  misleading: { value: 2, alternateName: 'Misleading' },
  missing_context: { value: 3, alternateName: 'Missing context' },
  unverifiable: { value: 3, alternateName: 'Unverifiable' },
  true: { value: 5, alternateName: 'True' },
};

export interface ClaimReviewInput {
  url: string;
  claimReviewed: string;
  verdict: Verdict;
  text: string;
  language: string;
  datePublished: string;
  authorName: string;
  authorUrl?: string;
  appearances: string[];
  firstAppearance?: string;
}

/** A schema.org ClaimReview (JSON-LD) for a published rebuttal. */
export function buildClaimReview(input: ClaimReviewInput) {
  const rating = RATING[input.verdict];
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: input.url,
    datePublished: input.datePublished,
    inLanguage: input.language,
    claimReviewed: input.claimReviewed,
    reviewBody: input.text,
    author: { '@type': 'Organization', name: input.authorName, ...(input.authorUrl ? { url: input.authorUrl } : {}) },
    reviewRating: { '@type': 'Rating', ratingValue: rating.value, bestRating: 5, worstRating: 1, alternateName: rating.alternateName },
    itemReviewed: {
      '@type': 'Claim',
      ...(input.firstAppearance ? { datePublished: input.firstAppearance } : {}),
      appearance: input.appearances.map((url) => ({ '@type': 'CreativeWork', url })),
    },
  };
}
