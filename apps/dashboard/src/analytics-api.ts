import type { ElectionView, ErrorBody, ResponseTimes } from '@sitroom/core';
import { ApiError, request } from './api.ts';
import { filenameFrom, type BacklogBucket, type OldestP1, type TimelineSlot } from './analytics.ts';

/** The coalition leads' analytics endpoints (`metrics.read`: leads and admins). */

export interface Scorecard {
  organisationId: string;
  organisation: string;
  kind: string;
  reportsFiled: number;
  shareBecameIncidents: number | null;
  shareFirstToReport: number | null;
  shareLedToRebuttal: number | null;
  shareDismissed: number | null;
  medianLeadSeconds: number | null;
}

export interface Backlog {
  buckets: BacklogBucket[];
  oldestP1: OldestP1[];
}

export interface Timeline {
  day: string;
  timezone: string;
  slots: TimelineSlot[];
}

const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

export const analyticsApi = {
  responseTimes: (query: string, signal?: AbortSignal) => request<ResponseTimes>('GET', withQuery('/metrics/response-times', query), { signal }),
  scorecards: (query: string, signal?: AbortSignal) => request<{ items: Scorecard[] }>('GET', withQuery('/metrics/scorecards', query), { signal }),
  backlog: (signal?: AbortSignal) => request<Backlog>('GET', '/metrics/backlog', { signal }),
  timeline: (query: string, signal?: AbortSignal) => request<Timeline>('GET', withQuery('/metrics/timeline', query), { signal }),
  /** Admins only: leads get 403 and the page leaves the election filter out (the API uses the active election). */
  elections: (signal?: AbortSignal) => request<{ items: ElectionView[] }>('GET', '/admin/elections', { signal }),
};

/**
 * Asks the API for the CSV of `path` (`Accept: text/csv`) and saves it under the server's file name,
 * so the file is the same one the API would give a script.
 */
export async function downloadApiCsv(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { credentials: 'same-origin', headers: { accept: 'text/csv' } });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  if (!response.ok) {
    let body: Partial<ErrorBody> | null = null;
    try {
      body = (await response.json()) as Partial<ErrorBody>;
    } catch {
      body = null;
    }
    throw new ApiError(response.status, body?.error?.code ?? `http_${response.status}`, body?.error?.message ?? `The download failed (HTTP ${response.status}).`);
  }
  saveBlob(await response.blob(), filenameFrom(response.headers.get('content-disposition'), fallbackName));
}

/** Saves CSV text built in the browser. */
export function saveCsv(text: string, name: string): void {
  saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), name);
}

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download already; free it once this task is done.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
