import { createHmac } from 'node:crypto';
import type { Db } from '@sitroom/db';

export const SIGNATURE_HEADER = 'x-sitroom-signature';
export const TIMESTAMP_HEADER = 'x-sitroom-timestamp';

/** `sha256=<hex HMAC of "<timestamp>.<body>">`: the receiver recomputes it with the desk's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class WebhookDeliveryError extends Error {}

/**
 * POSTs one event to a desk's webhook and logs the attempt, whatever its outcome. Throws on a
 * failed attempt so BullMQ retries it with backoff; a desk without a webhook is skipped.
 */
export async function deliverWebhook(
  db: Db,
  input: {
    deliveryId: string; deskId: string; incidentId: string | null; eventType: string; payload: Record<string, unknown>; attempt: number; timeoutMs: number;
    /** The dashboard's address (`DASHBOARD_URL`): an incident's delivery then carries its link as `url`. */
    dashboardUrl?: string;
  },
): Promise<{ delivered: boolean; statusCode: number | null }> {
  const desk = await db.selectFrom('desks').select(['webhookUrl', 'webhookSecret']).where('id', '=', input.deskId).executeTakeFirst();
  if (!desk?.webhookUrl || !desk.webhookSecret) return { delivered: false, statusCode: null };
  const url = input.dashboardUrl && input.incidentId ? `${input.dashboardUrl}/#/incidents/${input.incidentId}` : undefined;
  const body = JSON.stringify({ id: input.deliveryId, type: input.eventType, createdAt: new Date().toISOString(), ...(url ? { url } : {}), data: input.payload });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(desk.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Sitroom-Webhook/1',
        'x-sitroom-event': input.eventType,
        'x-sitroom-delivery': input.deliveryId,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(desk.webhookSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(input.timeoutMs),
      redirect: 'manual',
    });
    statusCode = res.status;
    await res.body?.cancel();
    if (res.status < 200 || res.status >= 300) error = `receiver answered ${res.status}`;
  } catch (err) {
    error = (err as Error).name === 'TimeoutError' ? `no answer within ${input.timeoutMs} ms` : (err as Error).message;
  }
  await db
    .insertInto('webhookDeliveries')
    .values({
      deliveryId: input.deliveryId, deskId: input.deskId, incidentId: input.incidentId, eventType: input.eventType, url: desk.webhookUrl,
      attempt: input.attempt, statusCode, error, durationMs: Date.now() - started, succeeded: error === null,
    })
    .execute();
  if (error) throw new WebhookDeliveryError(error);
  return { delivered: true, statusCode };
}
