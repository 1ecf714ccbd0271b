import { normalizeClaim } from './normalize.ts';

/** A claim as filed (`text`) and as `normalizeClaim` gives it (`norm`); both claims in one language. */
export interface ClaimText {
  text: string;
  norm: string;
}

/** Knobs of claim deduplication; every one has a default in `DEFAULT_DEDUP_THRESHOLDS`. */
export interface DedupThresholds {
  /** pg_trgm similarity of the normalised claims below which the database returns no candidate. */
  candidate: number;
  /** How many candidates, best first, the database hands to `isSameClaim`. */
  maxCandidates: number;
  /** How many of a candidate's latest reports a claim is compared with (besides the incident's first claim). */
  reportsPerCandidate: number;
  /**
   * pg_trgm similarity at or above which an incident found by one of the claim's rare words spares
   * looking up its common words in combination, the costly part of the search (unless none of what
   * was found matches: then they are looked up after all). At 0.7 `pnpm dedup:eval --background
   * 50000` finds exactly what it found with the combinations always read; at 0.5 recall fell 0.7
   * points. Forwards and light rewordings score 0.8 and more.
   */
  rareWordMatch: number;
  /** Trigram similarity of the claims' cores at or above which two claims without conflicts are the same. */
  join: number;
  /** The bar when the claims share one detail (a number, name or day) and neither has one the other lacks. */
  joinWithOneSharedDetail: number;
  /** The bar when the claims share two or more details (numbers, names, days). */
  joinWithSharedDetails: number;
  /**
   * Added to the bar when one claim gives numbers, names or dates the other has not (one is
   * vaguer, or is about something else): closer wording is needed to join them.
   */
  oneSidedPenalty: number;
  /**
   * Share of the shorter core's trigrams found in the longer one at or above which a short claim
   * joins a longer retelling of it (a forward that adds commentary), conflicts permitting.
   */
  containment: number;
  /** Trigram similarity of two words at or above which they are one name spelt differently (a typo). */
  sameWord: number;
  /**
   * Subtracted from the share of content words two claims have in common (stems compared, see
   * `contentStems`) before it stands in for their trigram similarity, when it is the higher.
   */
  stemDiscount: number;
}

export const DEFAULT_DEDUP_THRESHOLDS: Readonly<DedupThresholds> = Object.freeze({
  candidate: 0.2,
  maxCandidates: 10,
  reportsPerCandidate: 20,
  rareWordMatch: 0.7,
  join: 0.5,
  joinWithOneSharedDetail: 0.42,
  joinWithSharedDetails: 0.28,
  oneSidedPenalty: 0.12,
  containment: 0.8,
  sameWord: 0.5,
  stemDiscount: 0.05,
});

export interface SameClaimDecision {
  same: boolean;
  /** Trigram similarity of the two cores, 0..1 (pg_trgm's measure). */
  score: number;
  reason: string;
}

/**
 * `compute(key)`, remembered for the last `limit` keys. Words repeat across claims far more than
 * claims do: what is read of a word (its trigrams, stem, normal form) is worked out once.
 */
function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(key, value);
    }
    return value;
  };
}

/** pg_trgm's trigrams of one word: padded with two spaces in front and one behind, cut into three-character pieces. */
const wordTrigrams = memo(16_384, (word: string): Set<string> => {
  const set = new Set<string>();
  const padded = `  ${word.toLowerCase()} `;
  // Slicing by UTF-16 units is slicing by characters unless the word has a character beyond the BMP.
  const chars = /[\uD800-\uDFFF]/.test(padded) ? Array.from(padded) : null;
  const count = chars ? chars.length : padded.length;
  for (let i = 0; i + 3 <= count; i++) set.add(chars ? chars.slice(i, i + 3).join('') : padded.slice(i, i + 3));
  return set;
});

/**
 * The trigrams pg_trgm extracts from a text: each word (a run of letters and digits), padded with
 * two spaces in front and one behind, cut into three-character pieces. On normalised text (lower
 * case, letters, digits and single spaces only) this is exactly Postgres' `show_trgm`.
 */
export function trigrams(norm: string): Set<string> {
  const set = new Set<string>();
  for (const word of norm.split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    for (const t of wordTrigrams(word)) set.add(t);
  }
  return set;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) shared++;
  return shared;
}

/** Shared members over all distinct members of both sets (0 for two empty sets). */
function jaccard(a: Set<string>, b: Set<string>): number {
  const shared = overlap(a, b);
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** pg_trgm's `similarity(a, b)`: shared trigrams over all distinct trigrams of both texts. */
export function trigramSimilarity(a: string, b: string): number {
  return jaccard(trigrams(a), trigrams(b));
}

// Forwarding chrome and calls to share carry no claim; they are removed before comparing.
const FORWARD_PREFIX = /^\s*(?:(?:re)?enviado|reenviado (?:muchas veces|con frecuencia)|forwarded(?: many times)?|fwd?|rv|encaminhad[ao](?: com frequ[eê]ncia)?|transf[ée]r[ée]|imetumwa|diteruskan)\s*[:：\-–—]\s*/iu;
const NOISE_PHRASES = [
  'compartilhe com todos', 'ultima hora', 'ultimo momento', 'breaking news', 'pass it on', 'share before they delete', 'compartan antes de que lo borren',
  'difundan', 'compartan', 'comparte', 'compartir', 'share', 'partagez', 'partagez massivement', 'compartilhem', 'compartilhe',
  'urgente', 'urgent', 'breaking', 'alerta', 'alert', 'atencion', 'attention', 'atencao', 'ojo', 'pasalo', 'pásalo',
  'rt', 'viral', 'ya', 'sambaza', 'tafadhali',
].map((p) => normalizeClaim(p));
const NOISE_RE = new RegExp(`(?:^| )(?:${[...new Set(NOISE_PHRASES)].sort((a, b) => b.length - a.length).join('|')})(?= |$)`, 'g');

/** The text without links, hashtags, mentions, forwarding prefixes and calls to share. */
function stripChrome(text: string): string {
  let t = text.replace(/https?:\/\/\S+/g, ' ').replace(/[#@][\p{L}\p{N}_]+/gu, ' ');
  let previous: string;
  do {
    previous = t;
    t = t.replace(/^[\s\p{P}\p{S}]+/u, '').replace(FORWARD_PREFIX, '');
  } while (t !== previous);
  return t;
}

/** The normalised claim without chrome: what two retellings of one rumour have in common. */
export function claimCore(text: string): string {
  return ` ${normalizeClaim(stripChrome(text))} `.replace(NOISE_RE, ' ').replace(NOISE_RE, ' ').trim().replace(/\s+/g, ' ');
}

// Capitalised words that name the institutions, the process or the platforms: shared by every
// incident, so they never tell two rumours apart.
const GENERIC_NAMES = new Set(
  [
    'tribunal', 'supremo', 'electoral', 'electorales', 'departamental', 'tse', 'ted', 'oep', 'cne', 'ine', 'iebc', 'inec', 'jne', 'onpe',
    'registraduria', 'registro', 'civil', 'comision', 'commission', 'comissao', 'commissao', 'electoral', 'electorale', 'eleitoral',
    'independent', 'independiente', 'independante', 'nacional', 'national', 'nationale', 'junta', 'jurado', 'consejo', 'conselho',
    'conseil', 'superior', 'tsj', 'policia', 'police', 'policial', 'fuerzas', 'armadas', 'ejercito', 'army', 'gobierno', 'government',
    'governo', 'gouvernement', 'ministerio', 'ministry', 'ministere', 'presidente', 'president', 'presidenta', 'candidate', 'candidato',
    'candidata', 'candidat', 'candidate', 'alcalde', 'alcaldesa', 'mayor', 'prefeito', 'maire', 'gobernador', 'governor', 'senador',
    'senator', 'diputado', 'diputada', 'deputado', 'depute', 'mesa', 'mesas', 'recinto', 'polling', 'station', 'stations', 'ballot',
    'ballots', 'box', 'boxes', 'vote', 'voto', 'votos', 'votes', 'voting', 'votacion', 'votacao', 'vote', 'scrutin', 'bureau',
    'election', 'elections', 'eleccion', 'elecciones', 'eleicao', 'eleicoes', 'results', 'resultados', 'resultats', 'acta', 'actas',
    'form', 'forms', 'formulario', 'boletim', 'urna', 'urnas', 'day', 'dia', 'jour', 'whatsapp', 'facebook', 'tiktok', 'youtube',
    'twitter', 'telegram', 'instagram', 'dios', 'god', 'deus', 'dieu', 'pueblo', 'people', 'povo', 'peuple', 'fake', 'falso', 'falsa',
    'noticia', 'news', 'breaking', 'update', 'official', 'oficial', 'officiel', 'communique', 'comunicado', 'statement',
    'cena', 'ceni', 'cenu', 'id', 'ids', 'dni', 'ci', 'pv', 'voters', 'votantes', 'eleitores', 'electeurs', 'video', 'foto',
    'photo', 'audio', 'poll', 'encuesta', 'pesquisa', 'sondage', 'survey',
  ].map((w) => normalizeClaim(w)),
);

// Days and months in the corpus languages: "moved to Monday" and "moved to Tuesday" differ. Relative days
// ("tomorrow") are left out: "tomorrow" and "Thursday" may be the same day.
const CALENDAR_WORDS = new Set(
  [
    'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo',
    'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
    'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'janeiro', 'fevereiro', 'marco', 'maio', 'junho', 'julho', 'setembro', 'outubro', 'novembro', 'dezembro',
    'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
    'janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre',
    'jumatatu', 'jumanne', 'jumatano', 'alhamisi', 'ijumaa', 'jumamosi', 'jumapili',
  ].map((w) => normalizeClaim(w)),
);

// Short, common words that are capitalised in titles and headlines ("Vote In The Capital").
const FUNCTION_WORDS = new Set([
  'el', 'la', 'los', 'las', 'un', 'una', 'de', 'del', 'en', 'y', 'o', 'a', 'al', 'que', 'por', 'para', 'con', 'sin', 'se', 'su', 'sus', 'no', 'es', 'lo',
  'the', 'a', 'an', 'of', 'in', 'on', 'at', 'to', 'and', 'or', 'for', 'with', 'is', 'are', 'was', 'be', 'by', 'from', 'this', 'that', 'it', 'not', 'all', 'they', 'we', 'you',
  'o', 'os', 'as', 'um', 'uma', 'do', 'da', 'dos', 'das', 'no', 'na', 'nos', 'nas', 'e', 'em', 'com', 'nao', 'sao', 'foi',
  'le', 'les', 'des', 'du', 'une', 'et', 'ou', 'au', 'aux', 'dans', 'sur', 'pour', 'avec', 'ne', 'pas', 'est', 'sont', 'ce', 'cette', 'il', 'elle', 'ils',
  'na', 'ya', 'wa', 'kwa', 'ni', 'za', 'la', 'cha', 'vya', 'katika',
]);

interface Features {
  tokens: Set<string>;
  numbers: Set<string>;
  calendar: Set<string>;
  /** Capitalised words inside a sentence: places, candidates, parties. Empty when the text's case tells nothing. */
  names: Set<string>;
  /** All capitals or no capitals: case tells no names. */
  caseless: boolean;
  /**
   * Words that may be names: capitalised words that open a sentence ("Infotrak poll: …"), and, in
   * a text whose case tells nothing (all capitals or none), every uncommon word.
   */
  maybeNames: Set<string>;
}

const isNoise = (norm: string) => NOISE_PHRASES.includes(norm);
/** `normalizeClaim` of one word. */
const wordNorm = memo(16_384, normalizeClaim);

function features(text: string, core: string): Features {
  const tokens = new Set(core.split(' ').filter(Boolean));
  const numbers = new Set<string>();
  for (const m of core.matchAll(/\d+/g)) numbers.add(m[0].replace(/^0+(?=\d)/, ''));
  // Days and months, misspelt too ("Thusday"): a typo must not hide a date.
  const calendar = new Set<string>();
  for (const t of tokens) {
    if (CALENDAR_WORDS.has(t)) calendar.add(t);
    else if (t.length >= 5 && !/\d/.test(t)) for (const c of CALENDAR_WORDS) if (c.length >= 5 && withinEdits(t, c, 1)) calendar.add(c);
  }
  // Portuguese weekdays are two words ("segunda-feira"); "segunda" alone is "second" ("segunda vuelta").
  for (const m of core.matchAll(/(?:^| )(segunda|terca|quarta|quinta|sexta) feira(?= |$)/g)) calendar.add(`${m[1]} feira`);
  const common = (norm: string) =>
    norm.length < 2 || FUNCTION_WORDS.has(norm) || GENERIC_NAMES.has(norm) || CALENDAR_WORDS.has(norm) || calendar.has(norm) || isNoise(norm) || /\d/.test(norm) || [...calendar].some((c) => withinEdits(norm, c, 1));

  const body = stripChrome(text);
  const letters = body.match(/\p{L}/gu) ?? [];
  const upper = body.match(/\p{Lu}/gu) ?? [];
  const caseless = upper.length === 0 || upper.length / Math.max(1, letters.length) > 0.6;
  const names = new Set<string>();
  const maybeNames = new Set<string>();
  if (caseless) {
    for (const t of tokens) if (t.length >= 4 && !common(t)) maybeNames.add(t);
  } else {
    // A sentence opens at the start, after . ! ? : ; or a line break, and after words of chrome ("URGENTE").
    for (const segment of body.split(/[.!?:;\n]+/u)) {
      let opening = true;
      for (const word of segment.match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? []) {
        const norm = wordNorm(word);
        if (opening && (isNoise(norm) || /^\p{Lu}+$/u.test(word) && isNoise(norm))) continue;
        const wasOpening = opening;
        opening = false;
        if (!/^\p{Lu}/u.test(word)) continue;
        for (const part of norm.split(' ')) {
          if (common(part) || !tokens.has(part)) continue;
          (wasOpening ? maybeNames : names).add(part);
        }
      }
    }
  }
  return { tokens, numbers, calendar, names, caseless, maybeNames };
}

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x));
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(d);
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * Whether the optimal-string-alignment distance of `a` and `b` is at most `max`. One edit, the
 * question asked of every word against every calendar word and stem, is answered in one pass
 * without building the table (building it was most of the time spent reading a claim).
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > max) return false;
  if (max !== 1) return editDistance(a, b, max) <= max;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // One letter replaced, or two neighbours swapped.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  // One letter more in the longer.
  return a.length < b.length ? a.slice(i) === b.slice(i + 1) : a.slice(i + 1) === b.slice(i);
}

/** Whether two words are one word, perhaps misspelt: a slip of one letter (two in long words), or close trigrams. */
function sameWord(a: string, b: string, threshold: number): boolean {
  if (a === b) return true;
  if (/\d/.test(a) || /\d/.test(b) || Math.min(a.length, b.length) < 4) return false;
  const maxEdits = a.length >= 8 ? 2 : 1;
  if (withinEdits(a, b, maxEdits)) return true;
  const ta = wordTrigrams(a);
  const tb = wordTrigrams(b);
  // Shared over union is at most the smaller set over the larger: no need to count when that is short of the bar.
  if (Math.min(ta.size, tb.size) < threshold * Math.max(ta.size, tb.size)) return false;
  return jaccard(ta, tb) >= threshold;
}

/** Words of `own` that `other` does not contain, not even misspelt. */
function unmatchedWords(own: Iterable<string>, other: Set<string>, threshold: number): string[] {
  return [...own].filter((w) => !other.has(w) && ![...other].some((o) => sameWord(w, o, threshold)));
}

// Words that carry no claim in the corpus languages beyond FUNCTION_WORDS: auxiliaries, pronouns,
// quantifiers, fillers. Dropped before comparing content words.
const STOP_WORDS = new Set([
  ...FUNCTION_WORDS,
  'hay', 'van', 'va', 'ser', 'son', 'esta', 'estan', 'este', 'esto', 'ese', 'esa', 'han', 'ha', 'hace', 'muy', 'mas', 'ya', 'le', 'les', 'me', 'te', 'nos',
  'ahora', 'aqui', 'alli', 'todo', 'todos', 'todas', 'cada', 'otro', 'otra', 'sobre', 'entre', 'hasta', 'desde', 'porque', 'como', 'cuando', 'donde', 'si', 'pero',
  'has', 'have', 'had', 'will', 'would', 'can', 'could', 'been', 'being', 'were', 'there', 'their', 'them', 'he', 'she', 'his', 'her', 'its', 'our', 'your', 'i',
  'now', 'here', 'just', 'so', 'if', 'but', 'as', 'into', 'about', 'than', 'then', 'also', 'more', 'only', 'very', 'after', 'before', 'says', 'said',
  'tem', 'ter', 'esta', 'estao', 'isso', 'isto', 'ele', 'ela', 'eles', 'elas', 'seu', 'sua', 'pelo', 'pela', 'pelos', 'pelas', 'ao', 'aos', 'mais', 'ja', 'aqui',
  'ont', 'ai', 'sa', 'son', 'ses', 'leur', 'leurs', 'qui', 'que', 'se', 'nous', 'vous', 'on', 'y', 'en', 'plus', 'tout', 'tous', 'toutes', 'par', 'ete', 'etre', 'avoir',
]);

// Light stemming for Spanish, Portuguese, French and English: inflectional endings (plural,
// gender, the commonest verb endings) are cut, so "votan", "votando" and "votar" meet at "vot",
// and "fallecidas" and "fallecido" at "fallec". Deliberately crude: it only has to make
// retellings of one rumour share more words than unrelated claims do.
const SUFFIXES = [
  'amientos', 'imientos', 'amiento', 'imiento', 'aciones', 'iciones', 'uciones', 'ations', 'ements', 'emente', 'amente', 'mente', 'acion', 'icion', 'ucion',
  'ation', 'ement', 'ment', 'iendo', 'ando', 'endo', 'ados', 'adas', 'idos', 'idas', 'aram', 'eram', 'iram', 'aron', 'ieron', 'ando', 'ing', 'ado', 'ada',
  'ido', 'ida', 'ees', 'ee', 'ais', 'ait', 'ant', 'ent', 'ar', 'er', 'ir', 'an', 'en', 'am', 'em', 'ou', 'eu', 'es', 'ed', 'os', 'as', 'a', 'o', 'e', 's',
];
const stem = memo(16_384, (word: string): string => {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, word.length - suffix.length);
  }
  return word;
});

/** Stems of the content words of a claim's core (stop words and calls to share left out), in order. */
export function contentStems(core: string): string[] {
  return core.split(' ').filter((w) => w.length > 1 && !STOP_WORDS.has(w) && !isNoise(w)).map(stem);
}

/**
 * Share of content words two claims have in common, stems compared, a one-letter slip allowed in
 * long stems: the Dice coefficient of the two stem sets. Rewordings keep the content words of a
 * rumour (the place, the act, the object) while their function words and endings change, which
 * lowers their trigram similarity more than this.
 */
function stemOverlap(a: string[], b: string[]): number {
  const sa = [...new Set(a)];
  const sb = [...new Set(b)];
  if (sa.length === 0 || sb.length === 0) return 0;
  let shared = 0;
  for (const x of sa) if (sb.some((y) => x === y || (x.length >= 5 && y.length >= 5 && withinEdits(x, y, 1)))) shared++;
  return (2 * shared) / (sa.length + sb.length);
}

/**
 * A claim read once for comparison: its core, trigrams and details. The details (numbers, dates,
 * names) are read on first use: `mayBeSameClaim` drops most of the claims triage compares before
 * they are needed, and reading them was most of the time spent reading a claim.
 */
class PreparedClaim {
  readonly trigrams: Set<string>;
  /** Stems of the content words (`contentStems`). */
  readonly stems: string[];
  private details: Features | undefined;

  constructor(private readonly text: string, readonly core: string) {
    this.trigrams = trigrams(core);
    this.stems = contentStems(core);
  }

  get features(): Features {
    return (this.details ??= features(this.text, this.core));
  }
}

// Triage compares one report with the same stored claims again and again (an incident's title and
// its latest reports): reading a claim (chrome, case, details, misspelt dates) costs far more than
// comparing two read claims, so the last few thousand are kept.
const PREPARED_LIMIT = 4096;
const prepared = new Map<string, PreparedClaim>();

function prepare(text: string): PreparedClaim {
  const hit = prepared.get(text);
  if (hit) return hit;
  const claim = new PreparedClaim(text, claimCore(text));
  if (prepared.size >= PREPARED_LIMIT) prepared.delete(prepared.keys().next().value!);
  prepared.set(text, claim);
  return claim;
}

/**
 * The numbers a claim states (links and hashtags left out, leading zeros dropped), sorted. Two
 * claims that `isSameClaim` joins either share one, or one of them states none: the database
 * looks for candidates among incidents sharing a number and incidents stating none.
 */
export function claimNumbers(text: string): string[] {
  return [...prepare(text).features.numbers].sort();
}

/**
 * The words a claim is looked up by: the distinct stems of its content words (`contentStems`: stop
 * words and calls to share left out, endings cut), three letters or more and without digits (its
 * numbers are `claimNumbers`), sorted. Two retellings of one rumour share the words that make it
 * that rumour (the place, the name, the act); the database keeps these in a GIN index, and triage
 * looks candidates up by the rarest of them (see `probeKeys`).
 */
export function claimKeys(text: string): string[] {
  const keys = prepare(text).stems.filter((s) => s.length >= 3 && !/\d/.test(s));
  // A claim of nothing but chrome and small words ("¡¡URGENTE, compartan!!") is looked up by those:
  // without words it could never be found, not even by its own forwards.
  const words = keys.length > 0 ? keys : normalizeClaim(text).split(' ').filter((w) => w.length >= 2 && !/\d/.test(w));
  return [...new Set(words)].sort();
}

/**
 * Stored with the search words of a claim that states no numbers. A claim that states numbers can
 * only join an incident sharing one, or one stating none: it looks the latter up together with
 * this word, so the index hands over only those (no `#` survives normalisation, so no claim's word
 * can be it).
 */
export const NUMBERLESS_KEY = '#numberless';

/** The words an incident is stored with for lookups: its claim's `claimKeys`, and `NUMBERLESS_KEY` when it states no numbers. */
export function storedClaimKeys(text: string): string[] {
  return claimNumbers(text).length > 0 ? claimKeys(text) : [NUMBERLESS_KEY, ...claimKeys(text)];
}

export interface ProbeKeyOptions {
  /** Rows the lookups of a claim are expected to read, at most (the rarest word is looked up whatever it costs). */
  maxRows: number;
  /** Of the words too common to look up alone, how many of the rarest are looked up in combination. */
  combinedKeys: number;
}

/**
 * Each row a lookup reads costs a heap fetch and a trigram distance (~20 µs here): 100 rows keep a
 * claim's search near 1-2 ms at any table size. Reading more finds more retellings that keep only
 * common words (`pnpm dedup:eval --background 50000`: recall 70.0% at 100 rows, 71.6% at 200, 73.5%
 * at 400, against 72.5% for the trigram nearest-neighbour search this replaced; 89.8% without the
 * background either way) but slows triage of a growing table (`bench:triage --stack-claims
 * --incidents 0`: 203, 174 and 136 reports/s).
 */
export const DEFAULT_PROBE_KEYS: Readonly<ProbeKeyOptions> = Object.freeze({ maxRows: 100, combinedKeys: 4 });

/** How many stored incidents there are, and how many are expected to have a search word. */
export interface KeyRows {
  incidents: number;
  rowsWith(key: string): number;
}

/** What triage looks claim candidates up by: incidents with any of `keys`, or with every word of one of `combinations`. */
export interface ClaimProbe {
  keys: string[];
  combinations: string[][];
}

/** The k-element subsets of `items`, in order. */
function subsets<T>(items: T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));
}

/**
 * The lookups that find a claim's candidates among stored incidents, from its search words
 * (`claimKeys`) and how many incidents are expected to have each (`stats`). A claim's common words
 * ("denuncian", "fraude", a city) are shared by thousands of incidents and tell little about which
 * rumour it is; reading every incident that has one is what made the trigram search slow (each
 * row read costs a heap fetch and a trigram distance). So:
 * - its rarest words are looked up alone: the rarest always, more while the rows they are expected
 *   to read stay within `maxRows`;
 * - of the rest, the `combinedKeys` rarest are looked up in combination: every pair of them when
 *   the pairs fit in what is left of `maxRows`, else every three of them, else every four, when
 *   those fit. A retelling that misspells or drops the rare words (a name, a place) is still found
 *   when it keeps two (or three, or four) of those commoner words.
 * Estimates of combinations assume the words independent. Without `stats` (or before the table has
 * statistics) every word counts as rare, which costs nothing on a small table. Ties keep the claim's order.
 */
export function probeKeys(keys: string[], stats: KeyRows | undefined, options: ProbeKeyOptions = DEFAULT_PROBE_KEYS): ClaimProbe {
  const ranked = keys.map((key, i) => ({ key, rows: Math.max(0, stats?.rowsWith(key) ?? 0), i })).sort((a, b) => a.rows - b.rows || a.i - b.i);
  const alone: string[] = [];
  // Rows of the lookups chosen so far, but for the rarest word's, which is looked up whatever it costs.
  let rows = 0;
  let next = 0;
  for (; next < ranked.length; next++) {
    const k = ranked[next]!;
    if (alone.length > 0 && rows + k.rows > options.maxRows) break;
    alone.push(k.key);
    if (alone.length > 1) rows += k.rows;
  }
  const common = ranked.slice(next, next + options.combinedKeys);
  const total = Math.max(1, stats?.incidents ?? 0, ...ranked.map((k) => k.rows));
  const expected = (set: typeof common) => set.reduce((r, k) => (r * k.rows) / total, total);
  for (const size of [2, 3, 4]) {
    const sets = subsets(common, size);
    if (sets.length > 0 && rows + sets.reduce((sum, set) => sum + expected(set), 0) <= options.maxRows) {
      return { keys: alone.sort(), combinations: sets.map((set) => set.map((k) => k.key).sort()) };
    }
  }
  return { keys: alone.sort(), combinations: [] };
}

/** One index lookup of claim words: incidents with every word of `all` and at least one word of each of `anyOf`. */
export interface KeyScan {
  all: string[];
  anyOf: string[][];
}

/** Lookups (in disjunctive form) for "at least `k` of `words`", halving the words: at least i of one half and k - i of the other. */
function atLeast(k: number, words: string[]): KeyScan[] {
  if (k <= 0) return [{ all: [], anyOf: [] }];
  if (k > words.length) return [];
  if (k === words.length) return [{ all: [...words], anyOf: [] }];
  if (k === 1) return [{ all: [], anyOf: [[...words]] }];
  const half = Math.ceil(words.length / 2);
  const [a, b] = [words.slice(0, half), words.slice(half)];
  const scans: KeyScan[] = [];
  for (let i = Math.max(0, k - b.length); i <= Math.min(k, a.length); i++) {
    for (const x of atLeast(i, a)) for (const y of atLeast(k - i, b)) scans.push({ all: [...x.all, ...y.all], anyOf: [...x.anyOf, ...y.anyOf] });
  }
  return scans;
}

/** n choose k. */
function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Index lookups that find exactly the incidents having every word of one of `combinations`, in
 * fewer scans. Postgres runs each combination as a GIN scan of its own, and a scan costs about the
 * same whether it needs three words or two words and one of two more: "three of these four" as
 * four scans of three words costs twice "the first two and one of the last two, or the last two and
 * one of the first two". `probeKeys` gives every k-word subset of its common words; any other list
 * is looked up one combination per scan.
 */
export function combinationScans(combinations: readonly (readonly string[])[]): KeyScan[] {
  if (combinations.length === 0) return [];
  const k = combinations[0]!.length;
  const words = [...new Set(combinations.flat())].sort();
  const everySubset = combinations.every((c) => c.length === k && new Set(c).size === k)
    && new Set(combinations.map((c) => [...c].sort().join('\u0000'))).size === combinations.length
    && combinations.length === choose(words.length, k);
  return everySubset ? atLeast(k, words) : combinations.map((c) => ({ all: [...c], anyOf: [] }));
}

/** When a claim's search word is rare enough to lock on (see `claimLockKeys`). */
export interface LockKeyOptions {
  /**
   * A word in at most this many incidents is rare enough. Not a share of the table: what makes
   * unrelated reports wait for each other is how often the few dozen triaged at once share a word,
   * and a word in 0.5% of the incidents is in one of every 200 reports.
   */
  maxRows: number;
}

export const DEFAULT_LOCK_KEYS: Readonly<LockKeyOptions> = Object.freeze({ maxRows: 20 });

/** Deterministic 32-bit FNV-1a: MinHash needs a family of hash functions, one per seed. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const LOCK_BANDS = 4;
const LOCK_ROWS = 2;

/**
 * MinHash-LSH band keys over a claim's core's trigrams (4 bands of 2): claims of trigram similarity
 * s share one with probability 1 - (1 - s²)⁴ (0.98 at s = 0.8, 0.68 at 0.5).
 */
function bandKeys(claim: PreparedClaim, language: string): string[] {
  const keys: string[] = [];
  for (let band = 0; band < LOCK_BANDS; band++) {
    const mins: string[] = [];
    for (let row = 0; row < LOCK_ROWS; row++) {
      const seed = band * LOCK_ROWS + row + 1;
      let min = Infinity;
      let arg = '';
      for (const t of claim.trigrams) {
        const h = fnv1a(t, Math.imul(seed, 0x9e3779b1));
        if (h < min) [min, arg] = [h, t];
      }
      mins.push(arg);
    }
    keys.push(`claim-band:${language}:${band}:${mins.join('|')}`);
  }
  return keys;
}


/**
 * Keys that two concurrent reports of one new rumour share, for advisory locks around "no match,
 * so create an incident": one per number the claim states, and one per rare search word (`claimKeys`
 * in at most `maxRows` incidents, by `stats`). Any claim `isSameClaim` joins to a
 * claim stating numbers shares a number or states none; two retellings of one rumour share the
 * words that make it that rumour (its place, its name), which are rare. On the labelled corpus,
 * every pair of retellings `isSameClaim` joins shares a key (with MinHash bands alone: 61% of those
 * without numbers). Common words are left out: locking on them would make every batch wait for the
 * others. A claim with neither a number nor a rare word gets MinHash band keys instead (`bandKeys`):
 * near-identical retellings share one, unrelated rumours seldom do.
 */
export function claimLockKeys(text: string, language: string, stats?: KeyRows, options: LockKeyOptions = DEFAULT_LOCK_KEYS): string[] {
  const claim = prepare(text);
  const numbers = [...claim.features.numbers].map((n) => `claim-number:${language}:${n}`);
  const words = claimKeys(text).filter((key) => (stats?.rowsWith(key) ?? 0) <= options.maxRows).map((key) => `claim-word:${language}:${key}`);
  if (numbers.length + words.length > 0) return [...numbers, ...words].sort();
  return claim.trigrams.size > 0 ? [...new Set(bandKeys(claim, language))].sort() : [`claim-empty:${language}`];
}

/**
 * False when `isSameClaim(a, b, thresholds)` cannot be true, read from the cheapest measures: the
 * claims differ, and neither their trigram similarity nor their share of content words reaches
 * the lowest bar any pair of claims can have, nor does one contain the other. Triage compares a
 * report with dozens of stored claims, most of them far from it: those are dropped here before
 * names and details are compared.
 */
export function mayBeSameClaim(a: ClaimText, b: ClaimText, thresholds: DedupThresholds = DEFAULT_DEDUP_THRESHOLDS): boolean {
  const pa = prepare(a.text);
  const pb = prepare(b.text);
  if (a.norm === b.norm || pa.core === pb.core) return true;
  const lowestBar = Math.min(thresholds.join, thresholds.joinWithOneSharedDetail, thresholds.joinWithSharedDetails);
  const shared = overlap(pa.trigrams, pb.trigrams);
  const union = pa.trigrams.size + pb.trigrams.size - shared;
  const smaller = Math.min(pa.trigrams.size, pb.trigrams.size);
  if (union > 0 && shared / union >= lowestBar) return true;
  if (smaller >= 15 && shared / smaller >= thresholds.containment) return true;
  return stemOverlap(pa.stems, pb.stems) - thresholds.stemDiscount >= lowestBar;
}

/**
 * Whether two claims in one language tell the same rumour. The score is pg_trgm's similarity of
 * their cores (chrome such as "Reenviado:", hashtags and calls to share removed). Near misses are
 * kept apart whatever the score: when each claim has a number, a day or month, or a name
 * (a capitalised word inside a sentence) that the other lacks, they are about different things;
 * and two claims worded alike that each have a word the other lacks where a name may stand (a
 * swapped slot in one template) differ too. Shared details (numbers, names, days) lower the bar
 * for rewordings; details only one claim gives raise it.
 */
export function isSameClaim(a: ClaimText, b: ClaimText, thresholds: DedupThresholds = DEFAULT_DEDUP_THRESHOLDS): SameClaimDecision {
  const pa = prepare(a.text);
  const pb = prepare(b.text);
  const coreA = pa.core;
  const coreB = pb.core;
  if (a.norm === b.norm || coreA === coreB) return { same: true, score: 1, reason: 'same text' };
  const ta = pa.trigrams;
  const tb = pb.trigrams;
  const shared = overlap(ta, tb);
  const union = ta.size + tb.size - shared;
  const trigramScore = union === 0 ? 0 : shared / union;
  const stemScore = stemOverlap(pa.stems, pb.stems) - thresholds.stemDiscount;
  const fa = pa.features;
  const fb = pb.features;
  // Content words lift a rewording over the bar, but not one whose capitalised words differ on both
  // sides ("Infotrak poll" and "TIFA poll"): a slot of the template swapped; then trigrams decide.
  // Only when both texts show case: in a caseless one a swapped name cannot be told from a reworded verb.
  const capitalised = (f: Features, other: Features) => unmatchedWords([...f.names, ...f.maybeNames], other.tokens, thresholds.sameWord);
  const lifted = stemScore > trigramScore && !fa.caseless && !fb.caseless && !(capitalised(fa, fb).length > 0 && capitalised(fb, fa).length > 0);
  const score = lifted ? stemScore : trigramScore;
  const containment = Math.min(ta.size, tb.size) === 0 ? 0 : shared / Math.min(ta.size, tb.size);
  const round = (x: number) => Math.round(x * 1000) / 1000;

  const numbersA = difference(fa.numbers, fb.numbers);
  const numbersB = difference(fb.numbers, fa.numbers);
  if (numbersA.length && numbersB.length) {
    return { same: false, score, reason: `numbers differ: ${numbersA.join(',')} vs ${numbersB.join(',')}` };
  }
  const calendarA = difference(fa.calendar, fb.calendar);
  const calendarB = difference(fb.calendar, fa.calendar);
  if (calendarA.length && calendarB.length) {
    return { same: false, score, reason: `dates differ: ${calendarA.join(',')} vs ${calendarB.join(',')}` };
  }
  const namesA = unmatchedWords(fa.names, fb.tokens, thresholds.sameWord);
  const namesB = unmatchedWords(fb.names, fa.tokens, thresholds.sameWord);
  if (namesA.length && namesB.length) {
    return { same: false, score, reason: `names differ: ${namesA.join(',')} vs ${namesB.join(',')}` };
  }
  if (score >= thresholds.join) {
    // Worded alike, yet each has a word the other lacks where a name may stand: a swapped slot.
    const maybeA = unmatchedWords([...fa.names, ...fa.maybeNames], fb.tokens, thresholds.sameWord);
    const maybeB = unmatchedWords([...fb.names, ...fb.maybeNames], fa.tokens, thresholds.sameWord);
    if (maybeA.length && maybeB.length && (Math.max(maybeA.length, maybeB.length) <= 3 || namesA.length + namesB.length > 0)) {
      return { same: false, score, reason: `one detail swapped: ${maybeA.join(',')} vs ${maybeB.join(',')}` };
    }
  }

  const sharedDetails =
    [...fa.numbers].filter((n) => fb.numbers.has(n)).length +
    [...fa.calendar].filter((c) => fb.calendar.has(c)).length +
    new Set([...fa.names, ...fb.names].filter((n) => fa.tokens.has(n) && fb.tokens.has(n))).size;
  const oneSided = numbersA.length + numbersB.length + calendarA.length + calendarB.length + namesA.length + namesB.length > 0;
  // A caseless text cannot show whether it names the place or person the other names, so shared
  // details lower no bar for it.
  const caseless = fa.caseless || fb.caseless;
  const unverifiable = (fa.caseless && namesB.length > 0) || (fb.caseless && namesA.length > 0);
  const bar =
    unverifiable ? thresholds.join + thresholds.oneSidedPenalty
    : oneSided ? (sharedDetails >= 2 ? thresholds.joinWithSharedDetails : thresholds.join) + thresholds.oneSidedPenalty
    : caseless ? Math.max(thresholds.joinWithOneSharedDetail, sharedDetails >= 2 ? thresholds.joinWithSharedDetails : thresholds.join)
    : sharedDetails >= 2 ? thresholds.joinWithSharedDetails
    : sharedDetails === 1 ? thresholds.joinWithOneSharedDetail
    : thresholds.join;
  if (score >= bar) return { same: true, score, reason: `similar wording (${round(score)} >= ${bar}; ${sharedDetails} shared details)` };
  if (!oneSided && containment >= thresholds.containment && Math.min(ta.size, tb.size) >= 15) {
    return { same: true, score, reason: `one retells the other (containment ${round(containment)} >= ${thresholds.containment})` };
  }
  return { same: false, score, reason: `wording too different (${round(score)} < ${bar}; ${sharedDetails} shared details)` };
}
