import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { can, type IncidentDetail, type IncidentSummary, type ReportView, type ScoreFactor, type SessionUser, type TimelineEntry } from '@sitroom/core';
import { RebuttalWorkspace } from './rebuttal/index.ts';
import { acknowledgeIncident, ApiError, asApiError, getIncident } from '../api.ts';
import { slaMissedMark } from '../sla.ts';
import { categoryLabel, currentSlaClock, formatAge, formatDateTime, humanize, platformLabel, plural, safeHref } from '../format.ts';
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
            error: error instanceof ApiError ? error : new ApiError(0, 'unknown', 'The incident could not be loaded.'),
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
  const shown: IncidentSummary | IncidentDetail | undefined = detail ?? summary;
  const sla = shown ? currentSlaClock(shown, now) : null;
  const missed = shown ? slaMissedMark(shown, slaBreached) : null;

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

  function reloadAfterConflict() {
    setAck({ kind: 'idle' });
    setReloads((n) => n + 1);
  }

  return (
    <aside className="panel" data-testid="incident-panel" aria-labelledby="incident-panel-title" aria-busy={load.kind === 'loading'}>
      <div className="panel-head">
        <p className="panel-kicker">
          Incident
          {load.kind === 'loaded' && load.refreshing && <span className="muted"> · updating…</span>}
        </p>
        <button type="button" className="button button-ghost panel-close" onClick={onClose} aria-label="Close incident details">
          <span aria-hidden="true">✕</span> <span className="panel-close-text">Close</span>
        </button>
      </div>
      <h2 id="incident-panel-title" ref={headingRef} tabIndex={-1}>
        {shown?.title ?? 'Loading incident…'}
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
              {sla.text} <span className="muted">({formatDateTime(sla.dueAt)})</span>
            </p>
          )}
          {canAcknowledge && detail && (ACKNOWLEDGEABLE.has(detail.status) || ack.kind !== 'idle') && (
            <div className="panel-actions">
              {ACKNOWLEDGEABLE.has(detail.status) && ack.kind !== 'done' && ack.kind !== 'conflict' && (
                <button type="button" className="button button-primary" onClick={acknowledge} disabled={ack.kind === 'pending'} data-testid="acknowledge">
                  {ack.kind === 'pending' ? 'Acknowledging…' : 'Acknowledge'}
                </button>
              )}
              {ack.kind === 'done' && (
                <p className="form-success" role="status">
                  Acknowledged.
                </p>
              )}
              {ack.kind === 'conflict' && (
                <div className="notice notice-error" role="alert" data-testid="ack-conflict">
                  <p>
                    <strong>Someone else acted first.</strong> {ack.message}
                  </p>
                  <button type="button" className="button" onClick={reloadAfterConflict}>
                    Reload incident
                  </button>
                </div>
              )}
              {ack.kind === 'error' && (
                <div className="notice notice-error" role="alert">
                  <p>
                    <strong>The incident was not acknowledged.</strong> {ack.message}
                  </p>
                </div>
              )}
            </div>
          )}
          <dl className="facts">
            <Fact term="Severity">{`${shown.severity} / 100`}</Fact>
            <Fact term="Desk">
              {shown.deskName ?? <span className="muted">Unrouted</span>}
              {detail?.routeReason && <span className="fact-note">{detail.routeReason}</span>}
            </Fact>
            <Fact term="Reports">{shown.reportCount}</Fact>
            <Fact term="Organisations">{shown.organisationCount}</Fact>
            <Fact term="Category">{categoryLabel(shown.category)}</Fact>
            <Fact term="Platform">{platformLabel(shown.platform)}</Fact>
            <Fact term="Language">{shown.language}</Fact>
            <Fact term="Region">{shown.region ?? '—'}</Fact>
            <Fact term="First reported">
              <Time iso={shown.firstReportedAt} now={now} />
            </Fact>
            <Fact term="Last reported">
              <Time iso={shown.lastReportedAt} now={now} />
            </Fact>
          </dl>
        </>
      )}

      {load.kind === 'loading' && (
        <p className="panel-state" role="status">
          Loading details…
        </p>
      )}
      {load.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <p>{load.error.status === 404 ? 'This incident no longer exists or you cannot see it.' : load.error.message}</p>
          <button type="button" className="button" onClick={() => setReloads((n) => n + 1)}>
            Retry
          </button>
        </div>
      )}

      {detail && (
        <>
          <ScoreBreakdown factors={detail.scoreBreakdown} severity={detail.severity} />
          {detail.matchedTerms && detail.matchedTerms.length > 0 && (
            <section className="panel-section" aria-labelledby="incident-terms">
              <h3 id="incident-terms">Violence and hate indicators</h3>
              <ul className="term-list">
                {detail.matchedTerms.map((term) => (
                  <li key={`${term.kind}-${term.term}`} className={`term term-${term.kind}`}>
                    <span className="term-kind">{term.kind === 'violence' ? 'Violence' : 'Hate'}:</span> {term.term}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {detail.urls.length > 0 && (
            <section className="panel-section" aria-labelledby="incident-urls">
              <h3 id="incident-urls">Where it appears</h3>
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
              Reports <span className="muted">({plural(detail.reports.length, 'report')})</span>
            </h3>
            {detail.reports.length === 0 ? (
              <p className="muted">No reports you may see.</p>
            ) : (
              <ol className="report-list">
                {detail.reports.map((report) => (
                  <ReportItem key={report.id} report={report} now={now} />
                ))}
              </ol>
            )}
          </section>
          <Timeline entries={detail.timeline} />
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
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatDateTime(iso)} <span className="muted">({formatAge(iso, now)})</span>
    </time>
  );
}

function ExternalLink({ url }: { url: string }) {
  const href = safeHref(url);
  // Incidents keep normalised URLs (no scheme); those, and anything not http(s), stay plain text.
  if (!href) return <span className="url-text">{url}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="external-link">
      {url}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

function ScoreBreakdown({ factors, severity }: { factors: ScoreFactor[]; severity: number }) {
  const largest = Math.max(1, ...factors.map((factor) => Math.abs(factor.contribution)));
  return (
    <section className="panel-section" aria-labelledby="incident-score">
      <h3 id="incident-score">
        Why severity {severity}
      </h3>
      {factors.length === 0 ? (
        <p className="muted">No score breakdown recorded.</p>
      ) : (
        <ul className="factors">
          {factors.map((factor) => (
            <li key={factor.factor} className="factor">
              <div className="factor-head">
                <span className="factor-label">{factor.label}</span>
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
              <p className="factor-detail">{factor.detail}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportItem({ report, now }: { report: ReportView; now: number }) {
  return (
    <li className="report">
      <div className="report-head">
        <strong className="report-org">{report.organisationName}</strong>
        <TlpBadge tlp={report.tlp} />
      </div>
      <blockquote className="report-claim">{report.claim}</blockquote>
      <ul className="report-meta">
        <li>{platformLabel(report.platform)}</li>
        <li>
          <abbr title="Language">{report.language}</abbr>
        </li>
        {report.region && <li>{report.region}</li>}
        {report.reach !== null && <li>{`reach ${report.reach.toLocaleString()}`}</li>}
        <li>
          observed <Time iso={report.observedAt} now={now} />
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

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <section className="panel-section" aria-labelledby="incident-timeline">
      <h3 id="incident-timeline">Timeline</h3>
      {entries.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              <span className="timeline-action">{humanize(entry.action.replace(/[.]/g, ' '))}</span>
              <span className="timeline-actor muted">by {entry.actor}</span>
              {entry.detail && <span className="timeline-detail">{entry.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
