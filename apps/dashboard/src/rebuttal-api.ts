import type { RebuttalView } from '@sitroom/core';
import { request } from './api.ts';

/** The rebuttal endpoints of an incident: list, draft, edit, approve, publish; and the narrative suggestions. */

export interface RebuttalBody {
  text: string;
  language: string;
  verdict: string;
  channels: string[];
}

export interface NarrativeSuggestionItem {
  id: string;
  kind: 'prebunk' | 'rebuttal';
  title: string;
  claim: string;
  language: string;
  text: string;
  verdict: string;
  createdAt: string;
  similarity: number;
}

const incidentPath = (incidentId: string) => `/incidents/${encodeURIComponent(incidentId)}`;
const rebuttalPath = (incidentId: string, rebuttalId: string) => `${incidentPath(incidentId)}/rebuttals/${encodeURIComponent(rebuttalId)}`;

export function listRebuttals(incidentId: string, signal?: AbortSignal): Promise<{ items: RebuttalView[] }> {
  return request('GET', `${incidentPath(incidentId)}/rebuttals`, { signal });
}

export function draftRebuttal(incidentId: string, body: RebuttalBody): Promise<RebuttalView> {
  return request('POST', `${incidentPath(incidentId)}/rebuttals`, { body });
}

/** Edits at the version this screen shows; a 409 means someone else changed it first. */
export function editRebuttal(incidentId: string, rebuttalId: string, body: RebuttalBody & { version: number }): Promise<RebuttalView> {
  return request('PATCH', rebuttalPath(incidentId, rebuttalId), { body });
}

/** Four eyes: 403 when the approver wrote it. */
export function approveRebuttal(incidentId: string, rebuttalId: string, version: number): Promise<RebuttalView> {
  return request('POST', `${rebuttalPath(incidentId, rebuttalId)}/approve`, { body: { version } });
}

export function publishRebuttal(incidentId: string, rebuttalId: string, version: number): Promise<RebuttalView> {
  return request('POST', `${rebuttalPath(incidentId, rebuttalId)}/publish`, { body: { version } });
}

export function listNarrativeSuggestions(incidentId: string, signal?: AbortSignal): Promise<{ items: NarrativeSuggestionItem[] }> {
  return request('GET', `${incidentPath(incidentId)}/narratives`, { signal });
}

/** The public ClaimReview JSON-LD of the incident's published rebuttal. */
export function claimReviewUrl(incidentId: string): string {
  return `/api/v1${incidentPath(incidentId)}/claimreview`;
}
