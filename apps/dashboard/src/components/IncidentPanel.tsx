import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { can, type IncidentDetail, type IncidentSummary, type ReportView, type ScoreFactor, type SessionUser, type TimelineEntry } from '@sitroom/core';
import { RebuttalWorkspace } from './rebuttal/index.ts';
import { ReferralsSection } from './ReferralsSection.tsx';
import { IncidentActions } from './IncidentActions.tsx';
import { DisarmTags } from './DisarmTags.tsx';
import { PanelNotice } from './PanelNotice.tsx';
import { acknowledgeIncident, ApiError, asApiError, getIncident } from '../api.ts';
import { slaMissedMark } from '../sla.ts';
import { categoryLabel, currentSlaClock, formatAge, formatDateTime, humanize, platformLabel, safeHref } from '../format.ts';
import { en } from '../i18n/en.ts';
import { routeReason, scoreFactorDetail, scoreFactorLabel, timelineDetail } from '../server-text.ts';
import { useT, type MessageKey, type Translate } from '../i18n/index.ts';
import { PriorityBadge, SlaMissedBadge, StatusBadge, TlpBadge } from './Badges.tsx';

interface Props {
  incidentId: string;
  /** The latest summary the queue holds; a higher version than the loaded detail triggers a refresh. */
  summary: IncidentSummary | undefined;
  slaBreached: boolean;
  /** Move focus to the panel's heading when it opens. */
  takeFocus: boolean;
  now: number;
  /** The user may acknowledge (responder, approver or admin). */
  canAcknowledge: boolean;
  onClose(): void;
  onUnauthorized(): void;
  /** This panel changed the incident: the API's updated summary. */
  onChanged(incident: IncidentSummary): void;
  /** The signed-in user: decides whether the rebuttal workspace shows. */
  user?: SessionUser;
}

type Ack = { kind: 'idle' } | { kind: 'pending' } | { kind: 'done' } | { kind: 'conflict'; message: string } | { kind: 'error'; message: string };

const ACKNOWLEDGEABLE: ReadonlySet<string> = new Set(['new', 'triaged']);

type Load =
  | { kind: 'loading' }
  | { kind: 'loaded'; detail: IncidentDetail; refreshing: boolean }
  | { kind: 'error'; error: ApiError };

export function IncidentPanel({ incidentId, summary, slaBreached, takeFocus, now, canAcknowledge, onClose, onUnauthorized, onChanged, user }: Props) {
  const { t, language } = useT();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [ack, setAck] = useState<Ack>({ kind: 'idle' });
  const [reloads, setReloads] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const refreshedFor = useRef<number | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  const loadedVersion = load.kind === 'loaded' ? load.detail.version : null;
  const liveVersion = summary?.version ?? null;

  const fetchDetail = useCallback(
    (signal: AbortSignal) => {
      getIncident(incidentId, signal).then(
        (detail) => setLoad({ kind: 'loaded', detail, refreshing: false }),
        (error: unknown) => {
          if (signal.aborted) return;
          if (error instanceof ApiError && error.isUnauthorized) return onUnauthorized();
          setLoad({
            kind: 'error',
            error: error instanceof ApiError ? error : new ApiError(0, 'unknown', ''),
          });
        },
      );
    },
    [incidentId, onUnauthorized],
  );

  // A new incident opens: load it and move focus to its heading.
  useEffect(() => {
    const controller = new AbortController();
    controllerRef.current = controller;
    refreshedFor.current = null;
    setLoad({ kind: 'loading' });
    fetchDetail(controller.signal);
    return () => controller.abort();
  }, [fetchDetail, reloads]);

  useEffect(() => {
    if (takeFocus) headingRef.current?.focus();
  }, [takeFocus]);

  // A live event changed this incident: fetch it again, keeping the current content on screen meanwhile.
  useEffect(() => {
    if (loadedVersion === null || liveVersion === null || liveVersion <= loadedVersion) return;
    if (refreshedFor.current === liveVersion) return; // asked once already; the API may lag the event
    refreshedFor.current = liveVersion;
    const controller = controllerRef.current;
    if (!controller || controller.signal.aborted) return;
    setLoad((current) => (current.kind === 'loaded' ? { ...current, refreshing: true } : current));
    fetchDetail(controller.signal);
  }, [fetchDetail, liveVersion, loadedVersion]);

  const detail = load.kind === 'loaded' ? load.detail : null;
  // A newer version is being read: what is on screen would be a 409 if acted on, so the actions wait for it.
  const stale = load.kind === 'loaded' && load.refreshing;
  const shown: IncidentSummary | IncidentDetail | undefined = detail ?? summary;
  const sla = shown ? currentSlaClock(t, shown, now) : null;
  const missed = shown ? slaMissedMark(t, shown, slaBreached) : null;

  async function acknowledge() {
    if (!detail || ack.kind === 'pending') return;
    setAck({ kind: 'pending' });
    try {
      // The version on screen: if someone else acted since, the API refuses with 409 instead of overwriting.
      const updated = await acknowledgeIncident(detail.id, detail.version);
      setAck({ kind: 'done' });
      onChanged(updated);
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.isUnauthorized) return onUnauthorized();
      setAck(apiError.status === 409 ? { kind: 'conflict', message: apiError.message } : { kind: 'error', message: apiError.message });
    }
  }

  /**
   * After a 409: read the incident again in place, its content staying on screen (unmounting it would
   * drop the keyboard focus to the page), and put focus on the panel's heading, as the pressed button
   * goes away with its notice.
   */
  function reloadAfterConflict() {
    setAck({ kind: 'idle' });
    const controller = controllerRef.current;
    if (!controller || controller.signal.aborted) {
      setReloads((n) => n + 1);
      return;
    }
    setLoad((current) => (current.kind === 'loaded' ? { ...current, refreshing: true } : current));
    fetchDetail(controller.signal);
    headingRef.current?.focus();
  }

  /** A section of this panel changed the incident: the queue gets the API's summary, the panel the new detail. */
  function changedHere(updated: IncidentSummary) {
    onChanged(updated);
    fetchDetail(new AbortController().signal);
  }

  return (
    <aside className="panel" data-testid="incident-panel" aria-labelledby="incident-panel-title" aria-busy={load.kind === 'loading'}>
      <div className="panel-head">
        <p className="panel-kicker">
          {t('panel.kicker')}
          {load.kind === 'loaded' && load.refreshing && <span className="muted">{` · ${t('panel.updating')}`}</span>}
        </p>
        <button type="button" className="button button-ghost panel-close" onClick={onClose} aria-label={t('panel.closeLabel')}>
          <span aria-hidden="true">✕</span> <span className="panel-close-text">{t('panel.close')}</span>
        </button>
      </div>
      <h2 id="incident-panel-title" ref={headingRef} tabIndex={-1}>
        {shown?.title ?? t('panel.loadingTitle')}
      </h2>

      {shown && (
        <>
          <div className="panel-badges">
            <PriorityBadge priority={shown.priority} />
            <StatusBadge status={shown.status} />
            {missed && <SlaMissedBadge mark={missed} />}
          </div>
          {sla && (
            <p className={`sla-clock sla-tone-${sla.tone} panel-sla`}>
              {sla.text} <span className="muted">({formatDateTime(language, sla.dueAt)})</span>
            </p>
          )}
          {canAcknowledge && detail && (ACKNOWLEDGEABLE.has(detail.status) || ack.kind !== 'idle') && (
            <div className="panel-actions">
              {ACKNOWLEDGEABLE.has(detail.status) && ack.kind !== 'done' && ack.kind !== 'conflict' && (
                <button type="button" className="button button-primary" onClick={acknowledge} disabled={ack.kind === 'pending' || stale} data-testid="acknowledge">
                  {ack.kind === 'pending' ? t('panel.acknowledging') : t('panel.acknowledge')}
                </button>
              )}
              {ack.kind === 'done' && (
                <p className="form-success" role="status">
                  {t('panel.acknowledged')}
                </p>
              )}
              {ack.kind === 'conflict' && (
                <PanelNotice title={t('panel.conflict')} message={ack.message} onReload={reloadAfterConflict} testId="ack-conflict" />
              )}
              {ack.kind === 'error' && (
                <PanelNotice title={t('panel.ackFailed')} message={ack.message} />
              )}
            </div>
          )}
          <dl className="facts">
            <Fact term={t('panel.severity')}>{t('panel.severityValue', { n: shown.severity })}</Fact>
            <Fact term={t('panel.desk')}>
              {shown.deskName ? <span className="fact-value">{shown.deskName}</span> : <span className="muted">{t('panel.unrouted')}</span>}
              {detail?.routeReason && <span className="fact-note">{routeReason(t, detail.routeReason)}</span>}
            </Fact>
            <Fact term={t('panel.reports')}>{shown.reportCount}</Fact>
            <Fact term={t('panel.organisations')}>{shown.organisationCount}</Fact>
            <Fact term={t('panel.category')}>{categoryLabel(t, shown.category)}</Fact>
            <Fact term={t('panel.platform')}>{platformLabel(t, shown.platform)}</Fact>
            <Fact term={t('panel.language')}>{shown.language}</Fact>
            <Fact term={t('panel.region')}>{shown.region ?? '—'}</Fact>
            <Fact term={t('panel.firstReported')}>
              <Time iso={shown.firstReportedAt} now={now} />
            </Fact>
            <Fact term={t('panel.lastReported')}>
              <Time iso={shown.lastReportedAt} now={now} />
            </Fact>
          </dl>
        </>
      )}

      {load.kind === 'loading' && (
        <p className="panel-state" role="status">
          {t('panel.loadingDetails')}
        </p>
      )}
      {load.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{load.error.status === 404 ? t('panel.notFound') : load.error.message || t('panel.loadFailed')}</p>
          <button type="button" className="button" onClick={() => setReloads((n) => n + 1)}>
            {t('panel.retry')}
          </button>
        </div>
      )}

      {detail && (
        <>
          <ScoreBreakdown factors={detail.scoreBreakdown} severity={detail.severity} />
          {detail.matchedTerms && detail.matchedTerms.length > 0 && (
            <section className="panel-section" aria-labelledby="incident-terms">
              <h3 id="incident-terms">{t('panel.indicators')}</h3>
              <ul className="term-list">
                {detail.matchedTerms.map((term) => (
                  <li key={`${term.kind}-${term.term}`} className={`term term-${term.kind}`}>
                    <span className="term-kind">{term.kind === 'violence' ? t('panel.term.violence') : t('panel.term.hate')}:</span> {term.term}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {detail.urls.length > 0 && (
            <section className="panel-section" aria-labelledby="incident-urls">
              <h3 id="incident-urls">{t('panel.urls')}</h3>
              <ul className="url-list">
                {detail.urls.map((url) => (
                  <li key={url}>
                    <ExternalLink url={url} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="panel-section" aria-labelledby="incident-reports">
            <h3 id="incident-reports">
              {t('panel.reportsHeading')}{' '}
              <span className="muted">
                ({t(detail.reports.length === 1 ? 'panel.reportCountOne' : 'panel.reportCountMany', { count: detail.reports.length })})
              </span>
            </h3>
            {detail.reports.length === 0 ? (
              <p className="muted">{t('panel.noReports')}</p>
            ) : (
              <ol className="report-list">
                {detail.reports.map((report) => (
                  <ReportItem key={report.id} report={report} now={now} />
                ))}
              </ol>
            )}
          </section>
          {user && can(user.roles, 'incident.read') && (
            <DisarmTags detail={detail} stale={stale} user={user} onChanged={changedHere} onReload={reloadAfterConflict} onUnauthorized={onUnauthorized} />
          )}
          <Timeline entries={detail.timeline} />
          {user && can(user.roles, 'incident.change_status') && (
            <IncidentActions
              detail={detail}
              user={user}
              onChanged={changedHere}
            />
          )}
          {user && can(user.roles, 'incident.read') && <ReferralsSection incidentId={incidentId} user={user} />}
          {user && can(user.roles, 'incident.read') && (
            <RebuttalWorkspace
              incidentId={incidentId}
              incidentVersion={detail.version}
              user={user}
              onChanged={() => fetchDetail(new AbortController().signal)}
            />
          )}
        </>
      )}
    </aside>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Time({ iso, now }: { iso: string; now: number }) {
  const { t, language } = useT();
  return (
    <time dateTime={iso} title={formatDateTime(language, iso)}>
      {formatDateTime(language, iso)} <span className="muted">({formatAge(t, iso, now)})</span>
    </time>
  );
}

function ExternalLink({ url }: { url: string }) {
  const { t } = useT();
  const href = safeHref(url);
  // Incidents keep normalised URLs (no scheme); those, and anything not http(s), stay plain text.
  if (!href) return <span className="url-text">{url}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="external-link">
      {url}
      <span className="visually-hidden">{` ${t('panel.newTab')}`}</span>
    </a>
  );
}

function ScoreBreakdown({ factors, severity }: { factors: ScoreFactor[]; severity: number }) {
  const { t, language } = useT();
  const largest = Math.max(1, ...factors.map((factor) => Math.abs(factor.contribution)));
  return (
    <section className="panel-section" aria-labelledby="incident-score">
      <h3 id="incident-score">
        {t('panel.whySeverity', { n: severity })}
      </h3>
      {factors.length === 0 ? (
        <p className="muted">{t('panel.noBreakdown')}</p>
      ) : (
        <ul className="factors">
          {factors.map((factor) => (
            <li key={factor.factor} className="factor">
              <div className="factor-head">
                <span className="factor-label">{scoreFactorLabel(t, factor)}</span>
                <span className={`factor-value${factor.contribution < 0 ? ' is-negative' : ''}`}>
                  {factor.contribution > 0 ? '+' : ''}
                  {factor.contribution}
                </span>
              </div>
              <div className="factor-track" aria-hidden="true">
                <div
                  className={`factor-fill${factor.contribution < 0 ? ' is-negative' : ''}`}
                  style={{ width: `${(Math.abs(factor.contribution) / largest) * 100}%` }}
                />
              </div>
              <p className="factor-detail">{scoreFactorDetail(t, language, factor)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportItem({ report, now }: { report: ReportView; now: number }) {
  const { t, language } = useT();
  return (
    <li className="report">
      <div className="report-head">
        <strong className="report-org">{report.organisationName}</strong>
        <TlpBadge tlp={report.tlp} />
      </div>
      <blockquote className="report-claim">{report.claim}</blockquote>
      <ul className="report-meta">
        <li>{platformLabel(t, report.platform)}</li>
        <li>
          <abbr title={t('panel.language')}>{report.language}</abbr>
        </li>
        {report.region && <li>{report.region}</li>}
        {report.reach !== null && <li>{t('panel.reach', { n: report.reach.toLocaleString(language) })}</li>}
        <li>
          {t('panel.observed')} <Time iso={report.observedAt} now={now} />
        </li>
      </ul>
      {report.urls.length > 0 && (
        <ul className="url-list">
          {report.urls.map((url) => (
            <li key={url}>
              <ExternalLink url={url} />
            </li>
          ))}
        </ul>
      )}
      {report.evidence && <p className="report-evidence">{report.evidence}</p>}
    </li>
  );
}

/** "Acknowledged" for `incident.acknowledged`; an action the catalogue does not know yet, humanized. */
function timelineAction(t: Translate, action: string): string {
  const key = `timeline.${action}`;
  return key in en ? t(key as MessageKey) : humanize(action.replace(/[.]/g, ' '));
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, language, formatTime } = useT();
  return (
    <section className="panel-section" aria-labelledby="incident-timeline">
      <h3 id="incident-timeline">{t('panel.timeline')}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('panel.timelineEmpty')}</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <time dateTime={entry.at}>{formatDateTime(language, entry.at)}</time>
              <span className="timeline-action">{timelineAction(t, entry.action)}</span>
              <span className="timeline-actor muted">
                {t('panel.by', { actor: entry.actor === 'Sitroom triage' ? t('timeline.systemActor') : entry.actor })}
              </span>
              {entry.detail && <span className="timeline-detail">{timelineDetail(t, entry.detail, formatTime)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
