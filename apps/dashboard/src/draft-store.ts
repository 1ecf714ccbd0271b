/**
 * Form drafts kept on this device, so a report typed during a network drop is not lost. Pure apart
 * from the storage handed in (window.localStorage in the app, a Map in tests).
 */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface Draft<T> {
  values: T;
  /** True once the user pressed send and it did not go through: send again when back online. */
  pending: boolean;
  /**
   * Fixed at the first send attempt and reused by every retry, so a request that did reach the server
   * before the connection dropped is not filed twice (the API dedupes on the organisation's externalId).
   */
  submissionId: string | null;
  savedAt: string;
}

export interface DraftStore<T> {
  load(): Draft<T> | null;
  save(values: T, extra?: Partial<Pick<Draft<T>, 'pending' | 'submissionId'>>): Draft<T>;
  clear(): void;
}

const FORMAT = 1;

/** One user's report draft: the key carries the user id, so a shared computer does not mix people's drafts. */
export function reportDraftKey(userId: string): string {
  return `sitroom.report-draft.${userId}`;
}

export function createDraftStore<T>(
  storage: DraftStorage | null,
  key: string,
  isValues: (value: unknown) => value is T,
  now: () => Date = () => new Date(),
): DraftStore<T> {
  let last: Draft<T> | null = null;
  return {
    load() {
      if (!storage) return last;
      let text: string | null;
      try {
        text = storage.getItem(key);
      } catch {
        return last;
      }
      if (!text) return null;
      try {
        const parsed = JSON.parse(text) as { format?: unknown; draft?: Partial<Draft<unknown>> };
        const draft = parsed.draft;
        if (parsed.format !== FORMAT || !draft || !isValues(draft.values)) return null;
        return {
          values: draft.values,
          pending: draft.pending === true,
          submissionId: typeof draft.submissionId === 'string' ? draft.submissionId : null,
          savedAt: typeof draft.savedAt === 'string' ? draft.savedAt : now().toISOString(),
        };
      } catch {
        return null;
      }
    },
    save(values, extra = {}) {
      const previous = last ?? this.load();
      const draft: Draft<T> = {
        values,
        pending: extra.pending ?? previous?.pending ?? false,
        submissionId: extra.submissionId !== undefined ? extra.submissionId : (previous?.submissionId ?? null),
        savedAt: now().toISOString(),
      };
      last = draft;
      try {
        storage?.setItem(key, JSON.stringify({ format: FORMAT, draft }));
      } catch {
        // Full or disabled storage: the draft lives on in memory for this page.
      }
      return draft;
    },
    clear() {
      last = null;
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing more to do.
      }
    },
  };
}
