import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { can, type ElectionView, type SessionUser } from '@sitroom/core';
import {
  DEFAULT_FILTERS, groupByWord, rangeError as rangeErrorOf, refreshThrottle, responseTimesQuery, scorecardsQuery, timelineQuery,
  type AnalyticsFilters as Filters,
} from '../../analytics.ts';
import { analyticsApi } from '../../analytics-api.ts';
import { getSession, listDesks, type DeskOption } from '../../api.ts';
import { categoryLabel } from '../../format.ts';
import { connectLive, type ConnectionState } from '../../live.ts';
import { useT, type Language, type Translate } from '../../i18n/index.ts';
import { useNow } from '../use-now.ts';
import { AnalyticsFilters } from './AnalyticsFilters.tsx';
import { BacklogSection } from './BacklogSection.tsx';
import { ResponseTimesSection, SlaSection } from './ResponseTimesSection.tsx';
import { ScorecardsSection } from './ScorecardsSection.tsx';
import { TimelineSection } from './TimelineSection.tsx';
import { useResource } from './resource.tsx';
import '../../analytics.css';

interface Props {
  user: SessionUser;
  /** Called when an API answer says the session has ended; the app then shows the sign-in form. */
  onUnauthorized?: () => void;
}

/** Live events that move the figures; each refreshes the page at most every 5 seconds. */
const MOVING_EVENTS: ReadonlySet<string> = new Set(['incident.created', 'incident.updated', 'report.added', 'sla.breached']);

const locale = (language: Language) => (language === 'es' ? 'es' : 'en-GB');
const timeOfDay = (language: Language, at: number) =>
  new Intl.DateTimeFormat(locale(language), { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);
const generatedAt = (language: Language, at: number) =>
  new Intl.DateTimeFormat(locale(language), { dateStyle: 'medium', timeStyle: 'short' }).format(at);

/**
 * The coalition leads' page (a section: the app's `<main>` holds it):
 * response times, SLA compliance, the election-day timeline, the backlog and member scorecards.
 */
export function AnalyticsPage({ user, onUnauthorized }: Props) {
  const { t, language } = useT();
  const isAdmin = user.roles.includes('admin');
  const allowed = can(user.roles, 'metrics.read');
  const [draft, setDraft] = useState<Filters>(DEFAULT_FILTERS);
  const [applied, setApplied] = useState<Filters>(DEFAULT_FILTERS);
  const [timelineDay, setTimelineDay] = useState('');
  const [desks, setDesks] = useState<DeskOption[] | null>(null);
  const [elections, setElections] = useState<ElectionView[] | null>(null);
  const [responseTimezone, setResponseTimezone] = useState<string | null>(null);
  const [live, setLive] = useState<ConnectionState>('connecting');
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const now = useNow(30_000);

  const rangeError = rangeErrorOf(t, draft);
  const onFilters = (next: Filters) => {
    setDraft(next);
    if (!rangeErrorOf(t, next)) setApplied(next);
  };

  // Filter choices: desks for everyone who may read metrics; the elections list only answers admins.
  useEffect(() => {
    if (!allowed) return;
    const controller = new AbortController();
    listDesks(controller.signal).then((r) => setDesks(r.items), () => setDesks([]));
    if (isAdmin) analyticsApi.elections(controller.signal).then((r) => setElections(r.items), () => setElections(null));
    return () => controller.abort();
  }, [allowed, isAdmin]);

  const election = elections?.find((e) => (applied.election ? e.id === applied.election : e.active)) ?? null;
  // Days are the election's days: its zone when the admin's list says so, else the zone the API answered with.
  const timezone = election?.timezone ?? responseTimezone ?? 'UTC';
  const defaultDay = election?.pollingDay ?? '';

  const rtQuery = responseTimesQuery(applied, timezone);
  const slaQuery = responseTimesQuery(applied, timezone, 'desk');
  const cardsQuery = scorecardsQuery(applied, timezone);
  const tlQuery = timelineQuery(timelineDay || defaultDay, applied.election);

  const responseTimes = useResource(`rt?${rtQuery}`, (signal) => analyticsApi.responseTimes(rtQuery, signal), onUnauthorized);
  const sla = useResource(`sla?${slaQuery}`, (signal) => analyticsApi.responseTimes(slaQuery, signal), onUnauthorized);
  const timeline = useResource(`tl?${tlQuery}`, (signal) => analyticsApi.timeline(tlQuery, signal), onUnauthorized);
  const backlog = useResource('backlog', (signal) => analyticsApi.backlog(signal), onUnauthorized);
  const scorecards = useResource(`cards?${cardsQuery}`, (signal) => analyticsApi.scorecards(cardsQuery, signal), onUnauthorized);

  const rtData = responseTimes.state.status === 'ready' ? responseTimes.state.data : null;
  useEffect(() => {
    if (rtData) {
      setResponseTimezone(rtData.timezone);
      setUpdatedAt(Date.now());
    }
  }, [rtData]);

  // Live: a fresh look at every figure after incidents move, throttled so a busy polling day costs one refresh per 5 s.
  const resources = [responseTimes, sla, timeline, backlog, scorecards];
  const refreshAll = useRef(() => {});
  const sessionEnded = useRef(onUnauthorized);
  useEffect(() => {
    refreshAll.current = () => resources.forEach((r) => r.refresh());
    sessionEnded.current = onUnauthorized;
  });
  useEffect(() => {
    if (!allowed) return;
    const throttle = refreshThrottle(() => refreshAll.current(), 5_000);
    let readyBefore = false;
    const connection = connectLive({
      onEvent: (event) => {
        if (MOVING_EVENTS.has(event.type)) throttle.trigger();
      },
      onReady: () => {
        // After a reconnect, whatever changed while away is in the figures only once they are fetched again.
        if (readyBefore) throttle.trigger();
        readyBefore = true;
      },
      onState: setLive,
      onUnauthorized: () => sessionEnded.current?.(),
      checkSession: () => getSession().then((u) => u !== null, () => null),
    });
    return () => {
      throttle.cancel();
      connection.close();
    };
    // One connection for the page's lifetime: the refresh and the session callback are read when used.
  }, [allowed]);

  const filtered = Boolean(applied.fromDay || applied.toDay || applied.desk || applied.category);
  const scope = useMemo(() => scopeText(t, applied, desks, election, timezone), [t, applied, desks, election, timezone]);
  const print = useCallback(() => window.print(), []);

  if (!allowed) {
    return (
      <section className="analytics-page" aria-labelledby="analytics-heading" data-testid="analytics-page">
        <h1 id="analytics-heading">{t('an.title')}</h1>
        <div className="notice notice-info">
          <p>{t('an.forLeads')}</p>
        </div>
      </section>
    );
  }

  return (
    <section className="analytics-page" aria-labelledby="analytics-heading" data-testid="analytics-page">
      <header className="analytics-head">
        <div>
          <h1 id="analytics-heading">{t('an.heading')}</h1>
          <p className="analytics-scope" data-testid="analytics-scope">
            {scope}
          </p>
          <p className="analytics-printed print-only">{t('an.printed', { time: generatedAt(language, now) })}</p>
        </div>
        <div className="analytics-actions no-print">
          <span className={`analytics-live analytics-live-${live}`} data-testid="analytics-live" title={t('an.liveTitle')}>
            <span className="connection-dot" aria-hidden="true" />
            {t(`live.${live}`)}
            {updatedAt !== null && <span className="muted">{` · ${t('an.updated', { time: timeOfDay(language, updatedAt) })}`}</span>}
          </span>
          <button type="button" className="button" onClick={print}>
            {t('an.print')}
          </button>
        </div>
      </header>

      <AnalyticsFilters filters={draft} onChange={onFilters} desks={desks} elections={elections} timezone={timezone} rangeError={rangeError} />

      <div className="analytics-grid">
        <ResponseTimesSection resource={responseTimes} query={rtQuery} filtered={filtered} />
        <SlaSection resource={sla} query={slaQuery} filtered={filtered} />
        <BacklogSection resource={backlog} now={now} />
        <TimelineSection
          resource={timeline}
          day={timelineDay || defaultDay || (timeline.state.status === 'ready' ? timeline.state.data.day : '')}
          onDayChange={setTimelineDay}
        />
        <ScorecardsSection resource={scorecards} query={cardsQuery} filtered={Boolean(applied.fromDay || applied.toDay)} />
      </div>
    </section>
  );
}

/** "Active election · 1 Nov 2026 – 2 Nov 2026 · General desk · all categories · grouped by desk": what the figures cover, on screen and on paper. */
function scopeText(t: Translate, f: Filters, desks: DeskOption[] | null, election: ElectionView | null, timezone: string): string {
  const range = f.fromDay && f.toDay
    ? t('an.scope.between', { from: f.fromDay, to: f.toDay })
    : f.fromDay ? t('an.scope.from', { from: f.fromDay }) : f.toDay ? t('an.scope.until', { to: f.toDay }) : t('an.scope.allDates');
  const desk = f.desk ? desks?.find((d) => d.id === f.desk)?.name ?? t('an.scope.oneDesk') : t('an.scope.allDesks');
  const category = f.category ? categoryLabel(t, f.category as Parameters<typeof categoryLabel>[1]) : t('an.scope.allCategories');
  return [
    election ? election.name : t('an.scope.activeElection'),
    `${range} (${timezone})`,
    desk,
    category,
    t('an.scope.by', { by: groupByWord(t, f.groupBy) }),
  ].join(' · ');
}
