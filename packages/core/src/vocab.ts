/** Closed vocabularies of PRODUCT.md, shared by API validation, worker, database and dashboard. */
export const PLATFORMS = [
  'facebook', 'x', 'tiktok', 'whatsapp', 'telegram', 'youtube', 'instagram',
  'radio', 'tv', 'print', 'web', 'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CATEGORIES = [
  'voter_registration', 'voting_process', 'results', 'ballot_custody', 'emb_integrity',
  'electoral_boundaries', 'candidates_parties', 'opinion_polls', 'hate_speech',
  'gendered_violence', 'incitement', 'coordinated_inauthentic', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const TLP_LEVELS = ['clear', 'green', 'amber', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const ORGANISATION_KINDS = [
  'fact_checker', 'emb', 'civil_society', 'media', 'platform', 'academia', 'international',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = ['reporter', 'responder', 'approver', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const INCIDENT_STATUSES = [
  'new', 'triaged', 'acknowledged', 'in_progress', 'rebutted', 'closed', 'dismissed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses in which an incident still collects new reports without being reopened. */
export const OPEN_INCIDENT_STATUSES = ['new', 'triaged', 'acknowledged', 'in_progress'] as const satisfies readonly IncidentStatus[];

export const REPORT_STATUSES = ['queued', 'triaged', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
