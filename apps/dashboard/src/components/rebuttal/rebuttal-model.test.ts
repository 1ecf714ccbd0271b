import { describe, expect, it } from 'vitest';
import { emptyRebuttalForm, formFromSuggestion, rebuttalActions, rebuttalErrorsFromServer, validateRebuttal } from './rebuttal-model.ts';

const approver = { id: 'u-approver', roles: ['approver' as const] };
const responder = { id: 'u-responder', roles: ['responder' as const] };
const lead = { id: 'u-lead', roles: ['lead' as const] };

describe('rebuttal actions', () => {
  it('never offers approval of your own draft, and says why', () => {
    expect(rebuttalActions(approver, { status: 'draft', authorId: approver.id })).toEqual({ edit: true, approve: false, publish: false, note: 'rb.ownDraft' });
    expect(rebuttalActions(approver, { status: 'draft', authorId: 'someone' })).toMatchObject({ approve: true, note: null });
  });

  it('lets a responder draft and edit but not approve or publish', () => {
    expect(rebuttalActions(responder, { status: 'draft', authorId: responder.id })).toEqual({ edit: true, approve: false, publish: false, note: 'rb.awaitApproval' });
    expect(rebuttalActions(responder, { status: 'approved', authorId: responder.id })).toEqual({ edit: true, approve: false, publish: false, note: 'rb.awaitPublish' });
  });

  it('offers publish on an approved rebuttal to approvers, even its author', () => {
    expect(rebuttalActions(approver, { status: 'approved', authorId: approver.id })).toMatchObject({ publish: true, approve: false });
  });

  it('leaves published rebuttals and read-only roles without actions', () => {
    expect(rebuttalActions(approver, { status: 'published', authorId: 'x' })).toEqual({ edit: false, approve: false, publish: false, note: null });
    expect(rebuttalActions(lead, { status: 'draft', authorId: 'x' })).toEqual({ edit: false, approve: false, publish: false, note: null });
  });
});

describe('rebuttal editor validation', () => {
  it('uses RebuttalInput and puts problems beside fields', () => {
    const result = validateRebuttal({ text: '  ', language: 'español', verdict: '', channels: ['website', 'carrier_pigeon'] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual({ text: { key: 'err.empty' }, language: { key: 'err.language' }, verdict: { key: 'err.choose' }, channels: { key: 'err.choose' } });
    }
    expect(validateRebuttal({ text: 'La mesa 14 funciona con normalidad.', language: 'es', verdict: 'false', channels: ['website'] }))
      .toEqual({ ok: true, body: { text: 'La mesa 14 funciona con normalidad.', language: 'es', verdict: 'false', channels: ['website'] } });
  });

  it('maps server details and fills the editor from a suggestion', () => {
    expect(rebuttalErrorsFromServer([{ path: 'version', message: 'Required' }, { path: 'text', message: 'must not be empty' }]))
      .toEqual({ '(form)': { text: 'Required' }, text: { key: 'err.empty' } });
    const filled = formFromSuggestion(
      { id: 'n', kind: 'prebunk', title: 't', claim: 'c', language: 'es', text: 'Respuesta preparada', verdict: 'misleading', createdAt: '', similarity: 0.8 },
      { ...emptyRebuttalForm('en'), channels: ['sms'] },
    );
    expect(filled).toEqual({ text: 'Respuesta preparada', language: 'es', verdict: 'misleading', channels: ['sms'] });
  });
});
