import { request } from './api.ts';

/** Referrals of an incident to outside bodies (platform trust and safety, ombud, commission, police, prosecutor). */
export interface ReferralItem {
  id: string;
  incidentId: string;
  bodyKind: string;
  bodyName: string;
  channel: string;
  reference: string | null;
  note: string | null;
  outcome: string;
  referredAt: string;
  referredById: string;
  outcomeAt: string | null;
}

const path = (incidentId: string) => `/incidents/${encodeURIComponent(incidentId)}/referrals`;

export function listReferrals(incidentId: string, signal?: AbortSignal): Promise<{ items: ReferralItem[] }> {
  return request('GET', path(incidentId), { signal });
}

export function createReferral(incidentId: string, body: { bodyKind: string; bodyName: string; channel: string; reference?: string }): Promise<ReferralItem> {
  return request('POST', path(incidentId), { body });
}

export function recordReferralOutcome(incidentId: string, referralId: string, outcome: string): Promise<ReferralItem> {
  return request('PATCH', `${path(incidentId)}/${encodeURIComponent(referralId)}`, { body: { outcome } });
}
