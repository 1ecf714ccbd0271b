import {
  DEFAULT_TRIAGE_SETTINGS, type LexiconTerm, type RoutingRule, type TriageSettings,
} from '@sitroom/core';
import {
  findActiveElection, getDefaultDesk, lexiconByLanguage, listRoutingRules, organisationTrackRecord, triageConfigVersion,
  type ActiveElection, type DbOrTrx,
} from '@sitroom/db';

export interface TriageConfig {
  version: string;
  election: ActiveElection | null;
  settings: TriageSettings;
  lexicon: Map<string, LexiconTerm[]>;
  rules: (RoutingRule & { deskName: string })[];
  defaultDesk: { id: string; name: string } | null;
}

const TRACK_RECORD_TTL_MS = 60_000;

/**
 * Triage settings, lexicon and routing rules, reloaded whenever an admin change bumps the config
 * version: one indexed single-row read per triage instead of four queries, and changes take effect
 * on the next triage without a restart.
 */
export class TriageConfigCache {
  private current: TriageConfig | null = null;
  private trackRecords = new Map<string, { at: number; value: { rebutted: number; dismissed: number } }>();

  /** The configuration as of `version` (read when not given, see `triageConfigVersion`). */
  async get(db: DbOrTrx, knownVersion?: string): Promise<TriageConfig> {
    const version = knownVersion ?? (await triageConfigVersion(db));
    if (this.current?.version === version) return this.current;
    const [election, lexicon, rules, defaultDesk] = await Promise.all([
      findActiveElection(db), lexiconByLanguage(db), listRoutingRules(db), getDefaultDesk(db),
    ]);
    this.current = {
      version,
      election: election ?? null,
      settings: election?.settings ?? DEFAULT_TRIAGE_SETTINGS,
      lexicon,
      rules,
      defaultDesk: defaultDesk ?? null,
    };
    return this.current;
  }

  /** Track records move slowly (they change when incidents are resolved), so they are cached a minute. */
  async trackRecord(db: DbOrTrx, organisationId: string): Promise<{ rebutted: number; dismissed: number }> {
    const hit = this.trackRecords.get(organisationId);
    if (hit && Date.now() - hit.at < TRACK_RECORD_TTL_MS) return hit.value;
    const value = await organisationTrackRecord(db, organisationId);
    this.trackRecords.set(organisationId, { at: Date.now(), value });
    return value;
  }
}
