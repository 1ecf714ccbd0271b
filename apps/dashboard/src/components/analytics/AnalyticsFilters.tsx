import { useId } from 'react';
import { CATEGORIES, GROUP_BYS, type ElectionView, type GroupBy } from '@sitroom/core';
import { DEFAULT_FILTERS, GROUP_BY_LABELS, type AnalyticsFilters as Filters } from '../../analytics.ts';
import type { DeskOption } from '../../api.ts';
import { categoryLabel } from '../../format.ts';

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
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  const changed = JSON.stringify(filters) !== JSON.stringify(DEFAULT_FILTERS);

  return (
    <form className="analytics-filters no-print" aria-label="Analytics filters" onSubmit={(e) => e.preventDefault()}>
      {elections && (
        <div className="field">
          <label htmlFor={`${id}-election`}>Election</label>
          <select id={`${id}-election`} value={filters.election} onChange={(e) => set('election', e.target.value)}>
            <option value="">Active election</option>
            {elections.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
                {e.active ? ' (active)' : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={filters.fromDay} max={filters.toDay || undefined} onChange={(e) => set('fromDay', e.target.value)} aria-describedby={`${id}-tz`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To (included)</label>
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
        <label htmlFor={`${id}-desk`}>Desk</label>
        <select id={`${id}-desk`} value={filters.desk} onChange={(e) => set('desk', e.target.value)}>
          <option value="">All desks</option>
          {(desks ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>Category</label>
        <select id={`${id}-category`} value={filters.category} onChange={(e) => set('category', e.target.value)}>
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-group`}>Group by</label>
        <select id={`${id}-group`} value={filters.groupBy} onChange={(e) => set('groupBy', e.target.value as GroupBy)}>
          {GROUP_BYS.map((g) => (
            <option key={g} value={g}>
              {GROUP_BY_LABELS[g]}
            </option>
          ))}
        </select>
      </div>
      <div className="analytics-filters-foot">
        <p id={`${id}-tz`} className="field-hint">
          Days run midnight to midnight in {timezone}.
        </p>
        {rangeError && (
          <p id={`${id}-range-error`} className="field-error" role="alert">
            {rangeError}
          </p>
        )}
        {changed && (
          <button type="button" className="button button-small button-ghost" onClick={() => onChange(DEFAULT_FILTERS)}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
