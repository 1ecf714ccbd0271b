import { useId } from 'react';
import { CATEGORIES, GROUP_BYS, type ElectionView, type GroupBy } from '@sitroom/core';
import { DEFAULT_FILTERS, groupByLabel, type AnalyticsFilters as Filters } from '../../analytics.ts';
import type { DeskOption } from '../../api.ts';
import { categoryLabel } from '../../format.ts';
import { useT } from '../../i18n/index.ts';

interface Props {
  filters: Filters;
  onChange(next: Filters): void;
  desks: DeskOption[] | null;
  /** Null for leads: the elections list is for admins, and the API uses the active election. */
  elections: ElectionView[] | null;
  timezone: string;
  rangeError: string | null;
}

/** Election, date range, desk and category, and what to group response times by; every change applies at once. */
export function AnalyticsFilters({ filters, onChange, desks, elections, timezone, rangeError }: Props) {
  const id = useId();
  const { t } = useT();
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  const changed = JSON.stringify(filters) !== JSON.stringify(DEFAULT_FILTERS);

  return (
    <form className="analytics-filters no-print" aria-label={t('an.filters.label')} onSubmit={(e) => e.preventDefault()}>
      {elections && (
        <div className="field">
          <label htmlFor={`${id}-election`}>{t('an.filters.election')}</label>
          <select id={`${id}-election`} value={filters.election} onChange={(e) => set('election', e.target.value)}>
            <option value="">{t('an.scope.activeElection')}</option>
            {elections.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
                {e.active ? t('an.filters.active') : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('an.filters.from')}</label>
        <input id={`${id}-from`} type="date" value={filters.fromDay} max={filters.toDay || undefined} onChange={(e) => set('fromDay', e.target.value)} aria-describedby={`${id}-tz`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('an.filters.to')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={filters.toDay}
          min={filters.fromDay || undefined}
          onChange={(e) => set('toDay', e.target.value)}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={`${id}-tz${rangeError ? ` ${id}-range-error` : ''}`}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-desk`}>{t('an.filters.desk')}</label>
        <select id={`${id}-desk`} value={filters.desk} onChange={(e) => set('desk', e.target.value)}>
          <option value="">{t('an.filters.allDesks')}</option>
          {(desks ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('an.filters.category')}</label>
        <select id={`${id}-category`} value={filters.category} onChange={(e) => set('category', e.target.value)}>
          <option value="">{t('an.filters.allCategories')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(t, c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-group`}>{t('an.filters.groupBy')}</label>
        <select id={`${id}-group`} value={filters.groupBy} onChange={(e) => set('groupBy', e.target.value as GroupBy)}>
          {GROUP_BYS.map((g) => (
            <option key={g} value={g}>
              {groupByLabel(t, g)}
            </option>
          ))}
        </select>
      </div>
      <div className="analytics-filters-foot">
        <p id={`${id}-tz`} className="field-hint">
          {t('an.filters.zone', { zone: timezone })}
        </p>
        {rangeError && (
          <p id={`${id}-range-error`} className="field-error" role="alert">
            {rangeError}
          </p>
        )}
        {changed && (
          <button type="button" className="button button-small button-ghost" onClick={() => onChange(DEFAULT_FILTERS)}>
            {t('an.filters.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
