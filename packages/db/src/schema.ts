import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Category, IncidentStatus, OrganisationKind, Platform, Priority, ReportStatus, Role, ScoreFactor, Tlp } from '@sitroom/core';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TimestampNullable = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint columns come back from pg as strings; we parse them where they reach the API. */
type BigIntColumn = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  kind: OrganisationKind;
  createdAt: Timestamp;
}

export interface ApiKeyTable {
  id: Generated<string>;
  organisationId: string;
  label: string;
  prefix: string;
  keyHash: string;
  createdAt: Timestamp;
  lastUsedAt: TimestampNullable;
  revokedAt: TimestampNullable;
}

export interface DeskTable {
  id: Generated<string>;
  name: string;
  isDefault: Generated<boolean>;
  webhookUrl: string | null;
  webhookSecret: string | null;
  createdAt: Timestamp;
}

export interface UserTable {
  id: Generated<string>;
  organisationId: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  deskId: string | null;
  locale: ColumnType<'en' | 'es', 'en' | 'es' | undefined, 'en' | 'es'>;
  createdAt: Timestamp;
}

export interface SessionTable {
  id: string;
  userId: string;
  csrfToken: string | null;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

export interface ElectionTable {
  id: Generated<string>;
  name: string;
  /** A DATE: kept as text YYYY-MM-DD (see the type parser in connection.ts). */
  pollingDay: ColumnType<string, string, string>;
  timezone: string;
  isActive: Generated<boolean>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  settings: ColumnType<unknown, string | undefined, string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface LexiconTermTable {
  id: Generated<string>;
  language: string;
  term: string;
  termNorm: string;
  kind: 'violence' | 'hate';
  weight: number;
  enabled: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RoutingRuleTable {
  id: Generated<string>;
  position: number;
  name: string;
  enabled: Generated<boolean>;
  conditions: ColumnType<unknown, string, string>;
  deskId: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface WebhookDeliveryTable {
  id: Generated<string>;
  deliveryId: string;
  deskId: string;
  incidentId: string | null;
  eventType: string;
  url: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  succeeded: boolean;
  createdAt: Timestamp;
}

export interface NotificationTable {
  id: Generated<string>;
  userId: string;
  incidentId: string | null;
  kind: string;
  message: string;
  createdAt: Timestamp;
  readAt: TimestampNullable;
}

export interface RegionTable {
  electionId: string;
  code: string;
  name: string;
  sensitivity: Generated<number>;
}

export interface IncidentTable {
  id: Generated<string>;
  title: string;
  claimNorm: string;
  language: string;
  category: Category;
  platform: Platform;
  region: string | null;
  status: IncidentStatus;
  severity: number;
  priority: Priority;
  scoreBreakdown: ColumnType<ScoreFactor[], string, string>;
  deskId: string | null;
  assigneeId: string | null;
  urlNorms: ColumnType<string[], string[] | undefined, string[]>;
  /** Numbers the first claim states (`claimNumbers`): dedup looks for candidates sharing one. */
  claimNumbers: ColumnType<string[], string[] | undefined, string[]>;
  /**
   * Words the first claim is looked up by (`storedClaimKeys`): dedup finds candidates sharing the report's
   * rarest ones. Null until computed (incidents stored before it existed; see `backfillClaimKeys`).
   */
  claimKeys: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  reportCount: number;
  organisationCount: number;
  maxReach: BigIntColumn;
  firstReportedAt: Timestamp;
  lastReportedAt: Timestamp;
  triagedAt: TimestampNullable;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  version: Generated<number>;
  electionId: string | null;
  routingRuleId: string | null;
  routeReason: string | null;
  matchedTerms: ColumnType<{ term: string; kind: 'violence' | 'hate'; weight: number }[], string | undefined, string>;
  acknowledgedAt: TimestampNullable;
  rebuttedAt: TimestampNullable;
  slaAckDueAt: TimestampNullable;
  slaRebuttalDueAt: TimestampNullable;
  slaAckBreachedAt: TimestampNullable;
  slaRebuttalBreachedAt: TimestampNullable;
  escalationLevel: Generated<number>;
  tlp: ColumnType<Tlp, Tlp | undefined, Tlp>;
  titleOrganisationId: string | null;
}

export interface ReportTable {
  id: Generated<string>;
  organisationId: string;
  apiKeyId: string | null;
  userId: string | null;
  externalId: string | null;
  claim: string;
  urls: ColumnType<string[], string[] | undefined, string[]>;
  platform: Platform;
  language: string;
  region: string | null;
  category: Category;
  observedAt: Timestamp;
  reach: BigIntColumn;
  evidence: string | null;
  tlp: Tlp;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  failure: string | null;
  incidentId: string | null;
  receivedAt: Timestamp;
  triagedAt: TimestampNullable;
}

export interface AuditEventTable {
  id: Generated<string>;
  at: Timestamp;
  actorType: 'user' | 'api_key' | 'system';
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
}

export interface IncidentEventTable {
  id: Generated<string>;
  incidentId: string;
  type: string;
  version: number;
  reportId: string | null;
  payload: ColumnType<unknown, string, never>;
  createdAt: Timestamp;
}

export interface RebuttalTable {
  id: Generated<string>;
  incidentId: string;
  text: string;
  language: string;
  verdict: 'false' | 'misleading' | 'missing_context' | 'true' | 'unverifiable';
  channels: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<'draft' | 'approved' | 'published', 'draft' | 'approved' | 'published' | undefined, 'draft' | 'approved' | 'published'>;
  authorId: string;
  approvedById: string | null;
  approvedAt: TimestampNullable;
  publishedById: string | null;
  publishedAt: TimestampNullable;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface NarrativeTable {
  id: Generated<string>;
  kind: 'prebunk' | 'rebuttal';
  title: string;
  claim: string;
  claimNorm: string;
  language: string;
  text: string;
  verdict: string;
  rebuttalId: string | null;
  createdById: string | null;
  createdAt: Timestamp;
}

export interface ReferralTable {
  id: Generated<string>;
  incidentId: string;
  bodyKind: 'platform' | 'press_ombud' | 'human_rights_commission' | 'police' | 'prosecutor' | 'other';
  bodyName: string;
  channel: string;
  reference: string | null;
  note: string | null;
  outcome: ColumnType<'pending' | 'removed' | 'labelled' | 'reduced_reach' | 'no_action', 'pending' | 'removed' | 'labelled' | 'reduced_reach' | 'no_action' | undefined, 'pending' | 'removed' | 'labelled' | 'reduced_reach' | 'no_action'>;
  referredById: string;
  referredAt: Timestamp;
  outcomeAt: TimestampNullable;
}

export interface IncidentDisarmTagTable {
  incidentId: string;
  disarmId: string;
  frameworkVersion: string;
  taggedById: string | null;
  taggedAt: Timestamp;
}

export interface TriageConfigVersionTable {
  id: number;
  version: ColumnType<string, number | string, number | string>;
}

export interface Database {
  organisations: OrganisationTable;
  apiKeys: ApiKeyTable;
  desks: DeskTable;
  users: UserTable;
  sessions: SessionTable;
  elections: ElectionTable;
  regions: RegionTable;
  incidents: IncidentTable;
  reports: ReportTable;
  auditEvents: AuditEventTable;
  incidentEvents: IncidentEventTable;
  lexiconTerms: LexiconTermTable;
  routingRules: RoutingRuleTable;
  webhookDeliveries: WebhookDeliveryTable;
  notifications: NotificationTable;
  triageConfigVersion: TriageConfigVersionTable;
  rebuttals: RebuttalTable;
  narratives: NarrativeTable;
  referrals: ReferralTable;
  incidentDisarmTags: IncidentDisarmTagTable;
}

export type IncidentRow = Selectable<IncidentTable>;
export type NewIncidentRow = Insertable<IncidentTable>;
export type IncidentRowUpdate = Updateable<IncidentTable>;
export type ReportRow = Selectable<ReportTable>;
export type NewReportRow = Insertable<ReportTable>;
export type UserRow = Selectable<UserTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type OrganisationRow = Selectable<OrganisationTable>;
