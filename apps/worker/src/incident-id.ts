import { createHash } from 'node:crypto';

// A fixed namespace for incident ids derived from report ids (RFC 9562 name-based UUID, version 5).
const INCIDENT_ID_NAMESPACE = Buffer.from('6f1d2c59a3b84e0c9d47a1e5b2c8f013', 'hex');

/**
 * The id of the incident a report creates when it starts one: a name-based UUID (version 5) of the
 * report's id, not a random one. Triage may run twice for one report (a commit lost to a crash of
 * Postgres is triaged again); the incident it makes again then has the id the dashboards, webhooks and
 * SLA jobs already heard of. It does not reveal the report's id.
 */
export function incidentIdForReport(reportId: string): string {
  const hash = createHash('sha1').update(INCIDENT_ID_NAMESPACE).update(reportId.toLowerCase()).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
