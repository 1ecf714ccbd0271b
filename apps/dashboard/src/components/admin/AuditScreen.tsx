import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { directoryApi, compactJson, type AuditEvent, type AuditQuery, type User } from '../../admin-directory-api.ts';
import { asApiError, type ApiError } from '../../api.ts';
import { useDirectoryT } from '../../i18n/admin-directory.ts';
import { Field, LoadError, LoadingState, useLoad } from './ui.tsx';

/** The entity types the API records; the filter also accepts any other text. */
const ENTITY_TYPES = [
  'api_key', 'desk', 'election', 'incident', 'lexicon_term', 'narrative', 'organisation', 'rebuttal', 'report', 'routing_rule', 'user',
] as const;
const PAGE_SIZE = 50;

type Trail =
  | { kind: 'loading' }
  | { kind: 'error'; error: ApiError }
  | { kind: 'loaded'; items: AuditEvent[]; nextBefore: number | null; older: 'idle' | 'loading' | ApiError };

const loadUsers = (signal: AbortSignal) => directoryApi.users(signal).then((list) => list.items).catch(() => [] as User[]);

/** Admin → Audit trail: every change across the system, newest first, filtered by entity, a page at a time. */
export function AuditScreen({ onUnauthorized }: { onUnauthorized(): void }) {
  const { t, formatTime } = useDirectoryT();
  const [draft, setDraft] = useState({ entityType: '', entityId: '' });
  const [filters, setFilters] = useState<AuditQuery>({});
  const [reloads, setReloads] = useState(0);
  const [trail, setTrail] = useState<Trail>({ kind: 'loading' });
  // Users' emails make "who" readable; the trail still shows without them.
  const users = useLoad(loadUsers, onUnauthorized);
  const emailOf = (id: string | null) => (users.state.kind === 'loaded' ? users.state.data.find((user) => user.id === id)?.email : undefined);

  useEffect(() => {
    const controller = new AbortController();
    setTrail({ kind: 'loading' });
    directoryApi.audit({ ...filters, limit: PAGE_SIZE }, controller.signal).then(
      (page) => !controller.signal.aborted && setTrail({ kind: 'loaded', items: page.items, nextBefore: page.nextBefore, older: 'idle' }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = asApiError(error);
        if (apiError.isUnauthorized) return onUnauthorized();
        setTrail({ kind: 'error', error: apiError });
      },
    );
    return () => controller.abort();
  }, [filters, reloads, onUnauthorized]);

  const loadOlder = useCallback(async () => {
    if (trail.kind !== 'loaded' || trail.nextBefore === null) return;
    const current = trail;
    setTrail({ ...current, older: 'loading' });
    try {
      const page = await directoryApi.audit({ ...filters, limit: PAGE_SIZE, before: current.nextBefore! });
      setTrail({ kind: 'loaded', items: [...current.items, ...page.items], nextBefore: page.nextBefore, older: 'idle' });
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setTrail({ ...current, older: apiError });
    }
  }, [trail, filters, onUnauthorized]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters({ entityType: draft.entityType.trim(), entityId: draft.entityId.trim() });
    setReloads((n) => n + 1);
  }

  function clear() {
    setDraft({ entityType: '', entityId: '' });
    setFilters({});
    setReloads((n) => n + 1);
  }

  return (
    <div className="admin-section">
      <p className="muted admin-intro">{t('audit.intro')}</p>
      <section className="admin-card" aria-labelledby="audit-filter-heading">
        <h2 id="audit-filter-heading">{t('audit.filters')}</h2>
        <form className="audit-filters" data-testid="audit-filters" onSubmit={apply}>
          <Field label={t('audit.entityType')}>
            {(props) => (
              <select {...props} value={draft.entityType} onChange={(event) => setDraft({ ...draft, entityType: event.target.value })}>
                <option value="">{t('audit.anyType')}</option>
                {ENTITY_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('audit.entityId')}>
            {(props) => <input {...props} value={draft.entityId} maxLength={100} spellCheck={false} onChange={(event) => setDraft({ ...draft, entityId: event.target.value })} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button-primary">{t('audit.apply')}</button>
            <button type="button" className="button" onClick={clear}>{t('audit.clear')}</button>
          </div>
        </form>
      </section>
      <section className="admin-card" aria-labelledby="audit-heading">
        <div className="card-head">
          <h2 id="audit-heading">{t('audit.list')}</h2>
          <button type="button" className="button button-small" onClick={() => setReloads((n) => n + 1)}>{t('dir.refresh')}</button>
        </div>
        {trail.kind === 'loading' ? (
          <LoadingState what={t('audit.what')} />
        ) : trail.kind === 'error' ? (
          <LoadError message={t('dir.loadFailed', { what: t('audit.whatTitle') })} error={trail.error} onRetry={() => setReloads((n) => n + 1)} />
        ) : trail.items.length === 0 ? (
          <p className="empty-note">{t('audit.empty')}</p>
        ) : (
          <>
            {/* Focusable so keyboard users can scroll the wide table sideways on a phone. */}
            <div className="table-wrap" role="region" aria-labelledby="audit-heading" tabIndex={0}>
              <table className="admin-table directory-table audit-table" data-testid="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('audit.entity')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.change')}</th>
                  </tr>
                </thead>
                <tbody>
                  {trail.items.map((event) => (
                    <tr key={event.id} data-testid="audit-row" data-entity-id={event.entityId}>
                      <td>
                        <time dateTime={event.at}>{formatTime(event.at)}</time>
                      </td>
                      <td className="cell-wrap">
                        {event.actorType === 'system' ? t('audit.system') : (emailOf(event.actorId) ?? `${event.actorType} ${event.actorId ?? ''}`)}
                      </td>
                      <td>
                        {event.entityType}
                        <br />
                        <span className="audit-id muted">{event.entityId}</span>
                      </td>
                      <th scope="row">{event.action}</th>
                      <td className="audit-json">
                        {compactJson(event.before) && <code>{compactJson(event.before)}</code>}
                        {compactJson(event.before) && compactJson(event.after) && ' → '}
                        {compactJson(event.after) && <code>{compactJson(event.after)}</code>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="audit-more">
              <span className="muted" role="status">{t('audit.count', { count: trail.items.length })}</span>
              {trail.nextBefore !== null ? (
                <button type="button" className="button" data-testid="audit-load-older" disabled={trail.older === 'loading'} onClick={loadOlder}>
                  {trail.older === 'loading' ? t('audit.loadingOlder') : t('audit.loadOlder')}
                </button>
              ) : (
                <span className="muted">{t('audit.end')}</span>
              )}
              {typeof trail.older === 'object' && <span className="field-error" role="alert">{trail.older.message}</span>}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
