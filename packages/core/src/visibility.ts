import type { Role, Tlp } from './vocab.ts';
import type { ReportView } from './report.schema.ts';
import type { IncidentSummary } from './incident.schema.ts';
import { ROOMS } from './events.schema.ts';

/** Who is looking: what TLP and the protection of reporters' identities depend on. */
export interface Viewer {
  organisationId: string;
  roles: readonly Role[];
  deskId: string | null;
}

/**
 * How much of a report a viewer may see (PRODUCT.md and the workflow issue, "TLP"):
 * - `full`: the filing organisation, admins, and for TLP:RED only the incident's desk; for other
 *   levels the EMB's desks (responders and approvers) too.
 * - `anonymous`: the content, but not who filed it (protection of vulnerable members): leads and
 *   other coalition members, for TLP amber, green and clear.
 * - `restricted`: that a TLP:RED report exists, not its content nor its filer.
 */
export type ReportAccess = 'full' | 'anonymous' | 'restricted';

const isDeskStaff = (roles: readonly Role[]) => roles.includes('responder') || roles.includes('approver');

export function reportAccess(viewer: Viewer, report: { organisationId: string; tlp: Tlp }, incidentDeskId: string | null): ReportAccess {
  if (viewer.roles.includes('admin') || viewer.organisationId === report.organisationId) return 'full';
  if (report.tlp === 'red') {
    return isDeskStaff(viewer.roles) && viewer.deskId !== null && viewer.deskId === incidentDeskId ? 'full' : 'restricted';
  }
  return isDeskStaff(viewer.roles) ? 'full' : 'anonymous';
}

export const RESTRICTED_TEXT = 'Restricted (TLP:RED): visible to the filing organisation and the incident’s desk only';

/** A report as `viewer` may see it. */
export function redactReport(report: ReportView, viewer: Viewer, incidentDeskId: string | null): ReportView {
  const access = reportAccess(viewer, { organisationId: report.organisationId ?? '', tlp: report.tlp }, incidentDeskId);
  if (access === 'full') return { ...report, access };
  const anonymous = { ...report, access, organisationId: null, organisationName: null, externalId: null };
  if (access === 'anonymous') return anonymous;
  return { ...anonymous, claim: RESTRICTED_TEXT, urls: [], evidence: null, reach: null, region: null };
}

/** An incident summary as `viewer` may see it: the title comes from a report and shares its TLP. */
export function redactIncident<T extends IncidentSummary>(incident: T, viewer: Viewer, titleOrganisationId: string | null): T {
  if (incident.tlp !== 'red' || !titleOrganisationId) return incident;
  const access = reportAccess(viewer, { organisationId: titleOrganisationId, tlp: 'red' }, incident.deskId);
  return access === 'full' ? incident : { ...incident, title: RESTRICTED_TEXT };
}

/**
 * Where a live event goes: everyone in the queue room, except that a TLP:RED incident goes in full
 * only to its desk, the admins and the filing organisation, and redacted to the rest.
 */
export function eventAudiences<E extends { incident: IncidentSummary }>(event: E, titleOrganisationId: string | null): { rooms: string[]; except: string[]; event: E }[] {
  if (event.incident.tlp !== 'red' || !titleOrganisationId) return [{ rooms: [ROOMS.allIncidents], except: [], event }];
  const insiders = [ROOMS.admins, ROOMS.organisation(titleOrganisationId), ...(event.incident.deskId ? [ROOMS.desk(event.incident.deskId)] : [])];
  return [
    { rooms: insiders, except: [], event },
    { rooms: [ROOMS.allIncidents], except: insiders, event: { ...event, incident: { ...event.incident, title: RESTRICTED_TEXT } } },
  ];
}
