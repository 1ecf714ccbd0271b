import type { OwnReportView, ReportAccepted, ReportInput } from '@sitroom/core';
import { listNotifications, request, type NotificationItem } from './api.ts';

/** The reporter's endpoints: file a report as the signed-in user, read the organisation's reports and notifications. */

/** 202 for a new report, 200 when this organisation already filed the same externalId (the same report back). */
export function fileReport(body: ReportInput): Promise<ReportAccepted> {
  return request<ReportAccepted>('POST', '/reports', { body });
}

export interface OwnReportPage {
  items: OwnReportView[];
  nextCursor: string | null;
}

export function listOwnReports(options: { limit?: number; cursor?: string | null; signal?: AbortSignal } = {}): Promise<OwnReportPage> {
  const query = new URLSearchParams({ limit: String(options.limit ?? 20) });
  if (options.cursor) query.set('cursor', options.cursor);
  return request<OwnReportPage>('GET', `/reports?${query.toString()}`, { signal: options.signal });
}

/** A notification as `GET /notifications` lists it, for the reporter as for anyone. */
export type ReporterNotification = NotificationItem;

/** Kinds a reporter is told about: an answer to a report of their organisation. */
export const REPORTER_NOTIFICATION_KINDS = ['rebuttal.published'] as const;

/** The signed-in user's notifications (the same endpoint the bell reads). */
export const listReporterNotifications = listNotifications;
