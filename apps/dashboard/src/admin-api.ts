import type {
  DeskInput, DeskView, DeskWebhookInput, ElectionView, LexiconTermInput, LexiconTermPatch, LexiconTermView,
  RoutingRuleInput, RoutingRulePatch, RoutingRuleView, RoutingTestInput, TriageSettings,
} from '@sitroom/core';
import { request } from './api.ts';

/** The output type of one of core's zod schemas, without a direct dependency on zod here. */
type Out<S extends { parse(value: unknown): unknown }> = ReturnType<S['parse']>;

export type RoutingRule = Out<typeof RoutingRuleView>;
export type RoutingRuleBody = Out<typeof RoutingRuleInput>;
export type RoutingRulePatchBody = Out<typeof RoutingRulePatch>;
export type RoutingTestBody = Out<typeof RoutingTestInput>;
export type LexiconTerm = Out<typeof LexiconTermView>;
export type LexiconTermBody = Out<typeof LexiconTermInput>;
export type LexiconTermPatchBody = Out<typeof LexiconTermPatch>;
export type Election = ElectionView;
export type Desk = Out<typeof DeskView>;
export type DeskBody = Out<typeof DeskInput>;
export type DeskWebhookBody = Out<typeof DeskWebhookInput>;

export interface RoutingTestResult {
  deskId: string | null;
  deskName: string | null;
  ruleId: string | null;
  reason: string;
  evaluated: { ruleId: string; name: string; matched: boolean; why: string }[];
}

export interface WebhookDelivery {
  id: string;
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
  createdAt: string;
}

export interface PipelineStatus {
  reports: Record<string, number>;
  queue: Record<string, number> | null;
  failedJobs: { id: string; name: string; failedReason: string; attemptsMade: number; failedAt: string | null; data: unknown }[];
  failedReports: { id: string; organisationName: string; claim: string; failure: string | null; receivedAt: string }[];
}

type List<T> = Promise<{ items: T[] }>;
const id = (value: string) => encodeURIComponent(value);

export const adminApi = {
  routingRules: (signal?: AbortSignal): List<RoutingRule> => request('GET', '/admin/routing-rules', { signal }),
  createRoutingRule: (body: RoutingRuleBody): Promise<RoutingRule> => request('POST', '/admin/routing-rules', { body }),
  updateRoutingRule: (ruleId: string, body: RoutingRulePatchBody): Promise<RoutingRule> =>
    request('PATCH', `/admin/routing-rules/${id(ruleId)}`, { body }),
  deleteRoutingRule: (ruleId: string): Promise<void> => request('DELETE', `/admin/routing-rules/${id(ruleId)}`),
  reorderRoutingRules: (ids: string[]): List<RoutingRule> => request('POST', '/admin/routing-rules/reorder', { body: { ids } }),
  testRouting: (body: RoutingTestBody): Promise<RoutingTestResult> => request('POST', '/admin/routing-rules/test', { body }),

  lexicon: (signal?: AbortSignal): List<LexiconTerm> => request('GET', '/admin/lexicon', { signal }),
  createTerm: (body: LexiconTermBody): Promise<LexiconTerm> => request('POST', '/admin/lexicon', { body }),
  updateTerm: (termId: string, body: LexiconTermPatchBody): Promise<LexiconTerm> =>
    request('PATCH', `/admin/lexicon/${id(termId)}`, { body }),
  deleteTerm: (termId: string): Promise<void> => request('DELETE', `/admin/lexicon/${id(termId)}`),

  elections: (signal?: AbortSignal): List<Election> => request('GET', '/admin/elections', { signal }),
  createElection: (body: unknown): Promise<Election> => request('POST', '/admin/elections', { body }),
  activateElection: (electionId: string): Promise<Election> =>
    request('PATCH', `/admin/elections/${id(electionId)}`, { body: { active: true } }),
  saveSettings: (electionId: string, body: TriageSettings): Promise<Election> =>
    request('PUT', `/admin/elections/${id(electionId)}/settings`, { body }),

  desks: (signal?: AbortSignal): List<Desk> => request('GET', '/admin/desks', { signal }),
  createDesk: (body: DeskBody): Promise<Desk> => request('POST', '/admin/desks', { body }),
  setWebhook: (deskId: string, body: DeskWebhookBody): Promise<Desk> => request('PUT', `/admin/desks/${id(deskId)}/webhook`, { body }),
  deliveries: (deskId: string, signal?: AbortSignal): List<WebhookDelivery> =>
    request('GET', `/admin/webhook-deliveries?desk=${id(deskId)}&limit=50`, { signal }),

  pipeline: (signal?: AbortSignal): Promise<PipelineStatus> => request('GET', '/admin/pipeline', { signal }),
};
