import { describe, expect, it } from 'vitest';
import { emptyReportForm, isReportFormValues, localDateTimeToIso, prepareReport, reportErrorsFromServer, reportFieldFor, reportFieldOrder, validateReport, type ReportFormValues } from './report-form-model.ts';
import { describeIssue, fieldDomId, firstInvalid } from './field-issues.ts';

function form(overrides: Partial<ReportFormValues> = {}): ReportFormValues {
  return { ...emptyReportForm('es'), claim: 'La mesa 14 fue trasladada sin aviso', platform: 'facebook', category: 'voting_process', ...overrides };
}

describe('report form → API body', () => {
  it('drops empty rows and optional fields, and keeps where each link came from', () => {
    const { body, urlRows } = prepareReport(form({ urls: ['', 'https://a.example/1', '  ', 'https://b.example/2'], reach: '1200', region: ' LP ' }));
    expect(body).toEqual({ claim: 'La mesa 14 fue trasladada sin aviso', urls: ['https://a.example/1', 'https://b.example/2'], tlp: 'amber', platform: 'facebook', language: 'es', region: 'LP', category: 'voting_process', reach: 1200 });
    expect(urlRows).toEqual([1, 3]);
  });

  it('gives a web filing without a reference an idempotent externalId, and keeps the user’s own', () => {
    expect(prepareReport(form(), 'abc').body.externalId).toBe('web-abc');
    expect(prepareReport(form({ externalId: 'CHQ-7' }), 'abc').body.externalId).toBe('CHQ-7');
    expect(prepareReport(form()).body).not.toHaveProperty('externalId');
  });

  it('sends the observed time with this device’s zone, as the same instant', () => {
    const iso = localDateTimeToIso('2026-03-08T02:30');
    expect(iso).toMatch(/^2026-03-08T02:30:00[+-]\d\d:\d\d$/);
    expect(Date.parse(iso)).toBe(new Date(2026, 2, 8, 2, 30).getTime());
    expect(localDateTimeToIso('yesterday')).toBe('yesterday');
  });
});

describe('validation with ReportInput, by field', () => {
  it('passes a valid form', () => {
    const result = validateReport(form({ urls: ['https://www.facebook.com/x/1'], observedAt: '2026-01-02T10:00' }));
    expect(result.ok).toBe(true);
  });

  it('puts every problem beside its field, link rows by their row number', () => {
    const result = validateReport(form({ claim: '  ', urls: ['https://ok.example', '', 'not a link'], platform: '', category: '', language: '1', reach: '12.5x', observedAt: '2999-01-01T00:00' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      claim: { key: 'err.empty' },
      'urls.2': { key: 'err.url' },
      platform: { key: 'err.choose' },
      language: { key: 'err.language' },
      category: { key: 'err.choose' },
      observedAt: { key: 'err.future' },
      reach: { key: 'err.number' },
    });
    expect(firstInvalid(result.errors, reportFieldOrder(form({ urls: ['a', 'b', 'c'] })))).toBe('claim');
  });

  it('maps zod paths to fields, and what no field shows to the summary', () => {
    expect(reportFieldFor('urls.1', [0, 4])).toBe('urls.4');
    expect(reportFieldFor('urls.7', [0, 4])).toBe('urls');
    expect(reportFieldFor('urls', [])).toBe('urls');
    expect(reportFieldFor('observedAt', [])).toBe('observedAt');
    expect(reportFieldFor('(form)', [])).toBe('(form)');
    expect(reportFieldFor('surprise', [])).toBe('(form)');
    expect(fieldDomId('r1', 'urls.4')).toBe('r1-urls-4');
  });

  it('shows a server 400’s details beside the same fields, in the catalogue’s words when known', () => {
    const errors = reportErrorsFromServer([
      { path: 'urls.0', message: 'must be an absolute http or https URL' },
      { path: 'platform', message: 'Invalid option: expected one of "facebook"|"x"' },
      { path: 'reach2', message: 'is not a known field' },
      { path: 'evidence', message: 'something new the API says' },
    ], [2]);
    expect(errors).toEqual({
      'urls.2': { key: 'err.url' },
      platform: { key: 'err.choose' },
      '(form)': { key: 'err.unknownField' },
      evidence: { text: 'something new the API says' },
    });
  });

  it('words zod codes it has no custom message for', () => {
    expect(describeIssue({ code: 'too_small', origin: 'number', message: 'Too small' })).toEqual({ key: 'err.min0' });
    expect(describeIssue({ code: 'too_big', origin: 'string', maximum: 200, message: 'Too big' })).toEqual({ key: 'err.tooLong', vars: { max: 200 } });
    expect(describeIssue({ code: 'invalid_type', expected: 'string', message: 'x' }, true)).toEqual({ key: 'err.choose' });
    expect(describeIssue({ code: 'invalid_format', format: 'datetime', message: 'Invalid ISO datetime' })).toEqual({ key: 'err.datetime' });
    expect(describeIssue({ code: 'invalid_format', format: 'date', message: 'must be a date YYYY-MM-DD' })).toEqual({ key: 'err.date' });
    expect(describeIssue({ code: 'invalid_format', format: 'url', message: 'must be an http(s) URL' })).toEqual({ key: 'err.url' });
    expect(describeIssue({ code: 'invalid_format', format: 'email', message: 'must be an email address' })).toEqual({ key: 'err.email' });
    // A pattern's own message says what it wants; it is not a date-time.
    expect(describeIssue({ code: 'invalid_format', format: 'regex', message: 'must look like TA06' })).toEqual({ text: 'must look like TA06' });
  });
});

describe('stored drafts', () => {
  it('are restored only when they have the form’s shape', () => {
    expect(isReportFormValues(emptyReportForm())).toBe(true);
    expect(isReportFormValues({ ...emptyReportForm(), urls: [1] })).toBe(false);
    expect(isReportFormValues({ ...emptyReportForm(), tlp: 'purple' })).toBe(false);
    expect(isReportFormValues(null)).toBe(false);
  });
});
