import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { incidentIdForReport } from './incident-id.ts';

describe('incidentIdForReport', () => {
  it('gives a report the same incident id every time, another report another, as a version 5 UUID', () => {
    const a = '0b6f3f0e-8a51-4c1e-9d2a-6f7d1c2b3a4e';
    const b = '0b6f3f0e-8a51-4c1e-9d2a-6f7d1c2b3a4f';
    expect(incidentIdForReport(a)).toBe(incidentIdForReport(a));
    expect(incidentIdForReport(a.toUpperCase())).toBe(incidentIdForReport(a));
    expect(incidentIdForReport(b)).not.toBe(incidentIdForReport(a));
    expect(incidentIdForReport(a)).not.toBe(a);
    expect(incidentIdForReport(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(incidentIdForReport(a)).success).toBe(true);
  });

  it('is RFC 9562 version 5 of a fixed namespace, so ids stay the same across deploys', () => {
    // Python: uuid.uuid5(uuid.UUID('6f1d2c59-a3b8-4e0c-9d47-a1e5b2c8f013'), '0b6f3f0e-8a51-4c1e-9d2a-6f7d1c2b3a4e')
    expect(incidentIdForReport('0b6f3f0e-8a51-4c1e-9d2a-6f7d1c2b3a4e')).toBe('723ec1d6-f037-50bd-b13c-13a2a5892fcf');
  });
});
