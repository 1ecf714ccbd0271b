import type { OrganisationKind, Role } from '@sitroom/core';

// The demo election: a fictional general election on Bolivia's map. Names of people are invented.

export const DEMO_ELECTION = { name: 'Demo general election', timezone: 'America/La_Paz', daysUntilPolling: 2 };

export const DEMO_REGIONS = [
  { code: 'LP', name: 'La Paz' },
  { code: 'CB', name: 'Cochabamba' },
  { code: 'SC', name: 'Santa Cruz' },
  { code: 'OR', name: 'Oruro' },
  { code: 'PT', name: 'Potosí' },
  { code: 'CH', name: 'Chuquisaca' },
  { code: 'TJ', name: 'Tarija' },
  { code: 'BE', name: 'Beni' },
  { code: 'PD', name: 'Pando' },
] as const;
export type DemoRegionCode = (typeof DEMO_REGIONS)[number]['code'];

export const DEMO_DESKS = [
  { name: 'General desk', isDefault: true },
  { name: 'Results desk', isDefault: false },
  { name: 'Hate speech desk', isDefault: false },
] as const;

export const EMB_ORGANISATION = { name: 'Electoral Tribunal', kind: 'emb' } as const satisfies { name: string; kind: OrganisationKind };

/** The organisations that file reports in the demo; each gets an API key. */
export const FILING_ORGANISATIONS = [
  { name: 'Chequea Bolivia', kind: 'fact_checker' },
  { name: 'Verifica Andes', kind: 'fact_checker' },
  { name: 'Observatorio Ciudadano', kind: 'civil_society' },
  { name: 'Radio Comunitaria Red', kind: 'media' },
] as const satisfies readonly { name: string; kind: OrganisationKind }[];

/** Printed by seed-demo and start. A demo password: never use it for anything but the local demo. */
export const DEMO_PASSWORD = 'sitroom-demo';

export const DEMO_USERS: readonly { email: string; name: string; organisation: string; roles: Role[]; desk?: string }[] = [
  { email: 'admin@demo.sitroom', name: 'Ana Admin', organisation: EMB_ORGANISATION.name, roles: ['admin'] },
  { email: 'lead@demo.sitroom', name: 'Lucía Quispe (coalition lead)', organisation: 'Observatorio Ciudadano', roles: ['lead'] },
  { email: 'approver@demo.sitroom', name: 'Marco Vargas (spokesperson)', organisation: EMB_ORGANISATION.name, roles: ['approver'], desk: 'General desk' },
  { email: 'responder@demo.sitroom', name: 'Rosa Condori (responder)', organisation: EMB_ORGANISATION.name, roles: ['responder'], desk: 'General desk' },
  { email: 'reporter@demo.sitroom', name: 'Diego Flores (fact-checker)', organisation: 'Chequea Bolivia', roles: ['reporter'] },
];
