import { describe, expect, it } from 'vitest';
import { auditQueryString, compactJson, generatePassword } from './admin-directory-api.ts';

describe('admin directory helpers', () => {
  it('generates 16-character passwords that pass the 12-character rule and differ each time', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).toHaveLength(16);
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/[0O1lI]/);
  });

  it('leaves empty audit filters out of the query', () => {
    expect(auditQueryString({})).toBe('');
    expect(auditQueryString({ entityType: ' api_key ', entityId: '', limit: 50, before: 120 })).toBe('?entityType=api_key&limit=50&before=120');
  });

  it('shows audit values as one short JSON line', () => {
    expect(compactJson(undefined)).toBe('');
    expect(compactJson(null)).toBe('');
    expect(compactJson({ roles: ['admin'], deskId: null })).toBe('{"roles":["admin"],"deskId":null}');
    expect(compactJson({ text: 'x'.repeat(50) }, 20)).toHaveLength(20);
  });
});
