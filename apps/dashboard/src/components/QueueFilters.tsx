import { useEffect, useId, useState } from 'react';
import { CATEGORIES, INCIDENT_STATUSES, PRIORITIES, type Category, type Priority } from '@sitroom/core';
import { categoryLabel, priorityWord, statusLabel } from '../format.ts';
import type { QueueFilters as Filters } from '../queue-state.ts';
import type { DeskOption } from '../api.ts';
import { useT } from '../i18n/index.ts';

interface Props {
  filters: Filters;
  /** Null while the desks load (or when they could not be loaded). */
  desks: DeskOption[] | null;
  onChange(filters: Filters): void;
}

const SEARCH_DELAY_MS = 350;

export function QueueFilters({ filters, desks, onChange }: Props) {
  const id = useId();
  const { t } = useT();
  const [search, setSearch] = useState(filters.q);

  // Search as the responder types, without a request per keystroke.
  useEffect(() => {
    if (search.trim() === filters.q.trim()) return;
    const timer = setTimeout(() => onChange({ ...filters, q: search.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  return (
    <form
      className="filters"
      role="search"
      aria-label={t('filters.label')}
      onSubmit={(event) => {
        event.preventDefault();
        if (search.trim() !== filters.q) onChange({ ...filters, q: search.trim() });
      }}
    >
      <div className="field field-inline field-search">
        <label htmlFor={`${id}-q`}>{t('filters.search')}</label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder={t('filters.searchPlaceholder')}
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-desk`}>{t('filters.desk')}</label>
        <select
          id={`${id}-desk`}
          value={filters.desk}
          data-testid="desk-filter"
          onChange={(event) => onChange({ ...filters, desk: event.target.value })}
        >
          <option value="">{t('filters.allDesks')}</option>
          {/* The filter may name a desk before the list arrives: keep it selectable meanwhile. */}
          {filters.desk && !desks?.some((desk) => desk.id === filters.desk) && (
            <option value={filters.desk}>{desks ? t('filters.unknownDesk') : t('filters.myDesk')}</option>
          )}
          {desks?.map((desk) => (
            <option key={desk.id} value={desk.id}>
              {desk.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-status`}>{t('filters.status')}</label>
        <select
          id={`${id}-status`}
          value={filters.status}
          onChange={(event) => onChange({ ...filters, status: event.target.value as Filters['status'] })}
        >
          <option value="open">{t('filters.open')}</option>
          <option value="all">{t('filters.allStatuses')}</option>
          {INCIDENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(t, status)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-priority`}>{t('filters.priority')}</label>
        <select
          id={`${id}-priority`}
          value={filters.priority}
          onChange={(event) => onChange({ ...filters, priority: event.target.value as Priority | '' })}
        >
          <option value="">{t('filters.allPriorities')}</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {`${priority} · ${priorityWord(t, priority)}`}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-category`}>{t('filters.category')}</label>
        <select
          id={`${id}-category`}
          value={filters.category}
          onChange={(event) => onChange({ ...filters, category: event.target.value as Category | '' })}
        >
          <option value="">{t('filters.allCategories')}</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {categoryLabel(t, category)}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
