import { useEffect, useId, useState } from 'react';
import { CATEGORIES, INCIDENT_STATUSES, PRIORITIES, type Category, type Priority } from '@sitroom/core';
import { categoryLabel, priorityWord, statusLabel } from '../format.ts';
import type { QueueFilters as Filters } from '../queue-state.ts';
import type { DeskOption } from '../api.ts';

interface Props {
  filters: Filters;
  /** Null while the desks load (or when they could not be loaded). */
  desks: DeskOption[] | null;
  onChange(filters: Filters): void;
}

const SEARCH_DELAY_MS = 350;

export function QueueFilters({ filters, desks, onChange }: Props) {
  const id = useId();
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
      aria-label="Filter incidents"
      onSubmit={(event) => {
        event.preventDefault();
        if (search.trim() !== filters.q) onChange({ ...filters, q: search.trim() });
      }}
    >
      <div className="field field-inline field-search">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder="Claim text, URL…"
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-desk`}>Desk</label>
        <select
          id={`${id}-desk`}
          value={filters.desk}
          data-testid="desk-filter"
          onChange={(event) => onChange({ ...filters, desk: event.target.value })}
        >
          <option value="">All desks</option>
          {/* The filter may name a desk before the list arrives: keep it selectable meanwhile. */}
          {filters.desk && !desks?.some((desk) => desk.id === filters.desk) && (
            <option value={filters.desk}>{desks ? 'Unknown desk' : 'My desk'}</option>
          )}
          {desks?.map((desk) => (
            <option key={desk.id} value={desk.id}>
              {desk.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={filters.status}
          onChange={(event) => onChange({ ...filters, status: event.target.value as Filters['status'] })}
        >
          <option value="open">Open</option>
          <option value="all">All statuses</option>
          {INCIDENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-priority`}>Priority</label>
        <select
          id={`${id}-priority`}
          value={filters.priority}
          onChange={(event) => onChange({ ...filters, priority: event.target.value as Priority | '' })}
        >
          <option value="">All priorities</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {`${priority} · ${priorityWord(priority)}`}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          value={filters.category}
          onChange={(event) => onChange({ ...filters, category: event.target.value as Category | '' })}
        >
          <option value="">All categories</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {categoryLabel(category)}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
