/**
 * Generates the labelled deduplication corpus (dedup-corpus.json beside this file): election
 * rumours as fact-checkers file them, in Spanish, English, Portuguese and French, each report with
 * its true incident. Templates × slot values give incidents; siblings of one template differ in one
 * slot (polling station, place, day, candidate, number) and are near misses that must stay apart.
 * Each incident is then filed several times: other wordings of the rumour, typos, emoji, hashtags,
 * capitals, forwarding prefixes, and links to its posts in the shapes people paste them.
 *
 * Seeded, so the output is reproducible:  node --import tsx packages/core/corpus/generate.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CorpusReport {
  /** Position in the stream, from 1. */
  seq: number;
  /** The true incident: reports with the same label are one rumour. */
  incident: string;
  /** The template the incident was made from: incidents of one template are each other's near misses. */
  template: string;
  organisation: string;
  language: string;
  platform: 'facebook' | 'x' | 'tiktok' | 'whatsapp' | 'telegram' | 'youtube' | 'instagram';
  category: string;
  region: string | null;
  claim: string;
  urls: string[];
  /** How this report was written, for reading results: phrasing index and the variants applied. */
  shape: string[];
}

export interface DedupCorpus {
  description: string;
  seed: number;
  organisations: string[];
  reports: CorpusReport[];
}

const SEED = 20261124;

/** A seeded pseudo-random generator: the same sequence for the same seed. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = () => number;
const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;
function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export const ORGANISATIONS = [
  'Chequea Andes', 'Verifica Sur', 'Bolivia Verifica Lab', 'PesaCheck Desk', 'Fact Nairobi',
  'Lupa Norte', 'Comprova Coletivo', 'Factuel Dakar',
];
const ORGS_BY_LANG: Record<string, string[]> = {
  es: ['Chequea Andes', 'Verifica Sur', 'Bolivia Verifica Lab', 'Comprova Coletivo'],
  en: ['PesaCheck Desk', 'Fact Nairobi', 'Verifica Sur', 'Factuel Dakar'],
  pt: ['Lupa Norte', 'Comprova Coletivo', 'Verifica Sur'],
  fr: ['Factuel Dakar', 'PesaCheck Desk', 'Lupa Norte'],
};

interface Template {
  id: string;
  language: string;
  category: string;
  platforms: CorpusReport['platform'][];
  /** Rewordings of one rumour; {slot} placeholders. */
  phrasings: string[];
  /** Slot values of the first incident; each sibling changes one slot to another value from `alternatives`. */
  base: Record<string, string>;
  alternatives: Record<string, string[]>;
  /** How many incidents (the base and its near misses). */
  incidents: number;
  region?: (slots: Record<string, string>) => string | null;
}

const T: Template[] = [
  // ── Spanish ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'es-station-moved', language: 'es', category: 'voting_process', platforms: ['facebook', 'whatsapp', 'tiktok'],
    phrasings: [
      'La mesa {n} de {place} fue trasladada a {venue}, no vayan al recinto de siempre',
      'Atención votantes de {place}: la mesa {n} ahora funciona en {venue}',
      'Dicen que cambiaron la mesa {n} de {place} a {venue}. ¿Es verdad?',
      'Mesa {n} en {place} trasladada a {venue} a último momento',
      'Cambio de lugar: los de la mesa {n} de {place} tienen que votar en {venue}',
    ],
    base: { n: '12', place: 'Villa Fátima', venue: 'la Unidad Educativa Ayacucho' },
    alternatives: { n: ['13', '21', '112'], place: ['Villa Copacabana', 'Achumani'], venue: [] },
    incidents: 4, region: () => 'LP',
  },
  {
    id: 'es-station-moved-2', language: 'es', category: 'voting_process', platforms: ['facebook', 'whatsapp'],
    phrasings: [
      'El recinto del Colegio {school} en {place} ya no abrirá, las mesas pasan al coliseo',
      'Cierran el recinto Colegio {school} de {place}: ahora se vota en el coliseo municipal',
      'Ojo {place}: el Colegio {school} no será recinto electoral, todos al coliseo',
    ],
    base: { school: 'Simón Bolívar', place: 'Quillacollo' },
    alternatives: { school: ['Juana Azurduy', 'Don Bosco'], place: ['Sacaba'] },
    incidents: 3, region: () => 'CB',
  },
  {
    id: 'es-day-changed', language: 'es', category: 'voting_process', platforms: ['whatsapp', 'facebook', 'x'],
    phrasings: [
      'El Tribunal Electoral anunció que en {region} la votación será el {day} y no el domingo',
      'Cambiaron la fecha: en {region} se vota el {day}, lo confirmó el TSE',
      'OJO {region}: la elección se pasó al {day} por falta de material',
      'Comunicado falso circula: votación en {region} postergada al {day}',
    ],
    base: { region: 'Potosí', day: 'lunes' },
    alternatives: { region: ['Oruro', 'Tarija'], day: ['martes', 'sábado'] },
    incidents: 4, region: (s) => ({ Potosí: 'PT', Oruro: 'OR', Tarija: 'TJ' })[s.region!] ?? null,
  },
  {
    id: 'es-id-rules', language: 'es', category: 'voter_registration', platforms: ['whatsapp', 'facebook'],
    phrasings: [
      'En {region} no dejarán votar a quien tenga el carnet vencido, solo con pasaporte',
      'Solo se podrá votar con pasaporte en {region}, el carnet vencido ya no vale',
      'Aviso: en {region} exigen pasaporte para votar si tu carnet está vencido',
    ],
    base: { region: 'Santa Cruz' },
    alternatives: { region: ['Beni', 'Pando'] },
    incidents: 3, region: (s) => ({ 'Santa Cruz': 'SC', Beni: 'BE', Pando: 'PA' })[s.region!] ?? null,
  },
  {
    id: 'es-results-sheet', language: 'es', category: 'results', platforms: ['facebook', 'x', 'whatsapp'],
    phrasings: [
      'El acta de la mesa {n} de {place} fue adulterada: le sumaron {votes} votos a {cand}',
      'Foto prueba que alteraron el acta {n} en {place} para favorecer a {cand} con {votes} votos',
      'Acta trucha en {place}, mesa {n}: {cand} aparece con {votes} votos de más',
      'Denuncian que en {place} inflaron el acta de la mesa {n}: {votes} votos extra para {cand}',
    ],
    base: { n: '3045', place: 'El Alto', cand: 'Ernesto Villca', votes: '150' },
    alternatives: { n: ['3046', '3145'], place: ['Viacha'], cand: ['Jaime Choque'], votes: ['200'] },
    incidents: 5, region: () => 'LP',
  },
  {
    id: 'es-boxes-stolen', language: 'es', category: 'ballot_custody', platforms: ['facebook', 'tiktok', 'whatsapp'],
    phrasings: [
      'Robaron {k} ánforas con votos en {place} y la policía no hizo nada',
      'En {place} se llevaron {k} ánforas antes del conteo',
      'Denuncian robo de {k} ánforas electorales en {place}',
      'Video: encapuchados roban {k} ánforas en {place}',
    ],
    base: { k: '4', place: 'Yacuiba' },
    alternatives: { k: ['7', '40'], place: ['Camiri', 'Riberalta'] },
    incidents: 4, region: (s) => (s.place === 'Riberalta' ? 'BE' : 'TJ'),
  },
  {
    id: 'es-emb-bias', language: 'es', category: 'emb_integrity', platforms: ['facebook', 'x'],
    phrasings: [
      'El vocal {vname} del Tribunal Departamental es militante de {party}, hay fotos en sus actos',
      'Vocal electoral {vname} milita en {party}, exigimos su renuncia',
      'Descubren que {vname}, vocal del Tribunal, trabaja para {party}',
    ],
    base: { vname: 'Ramiro Tapia', party: 'Alianza Popular' },
    alternatives: { vname: ['Gloria Ledezma'], party: ['Frente Cívico'] },
    incidents: 3, region: () => null,
  },
  {
    id: 'es-hate-group', language: 'es', category: 'hate_speech', platforms: ['facebook', 'tiktok', 'whatsapp'],
    phrasings: [
      'Los migrantes venezolanos de {place} están cobrando por votar, hay que sacarlos del padrón',
      'En {place} los venezolanos venden su voto, no los dejen entrar al recinto',
      'Venezolanos en {place} votan por plata, fuera del padrón ya',
    ],
    base: { place: 'Montero' },
    alternatives: { place: ['Warnes', 'Cotoca'] },
    incidents: 3, region: () => 'SC',
  },
  {
    id: 'es-gendered', language: 'es', category: 'gendered_violence', platforms: ['facebook', 'tiktok', 'whatsapp'],
    phrasings: [
      'La candidata {cand} a la alcaldía de {place} tiene un video íntimo que circula en grupos',
      'Circula video íntimo de la candidata {cand} de {place}, una mujer así no puede gobernar',
      'Filtran video privado de {cand}, candidata en {place}',
      '{cand} candidata de {place} y su video íntimo, mírenlo antes que lo borren',
    ],
    base: { cand: 'Lidia Condori', place: 'Oruro' },
    alternatives: { cand: ['Patricia Rocha', 'Rosa Mamani'], place: ['Cochabamba'] },
    incidents: 4, region: (s) => (s.place === 'Cochabamba' ? 'CB' : 'OR'),
  },
  {
    id: 'es-fake-poll', language: 'es', category: 'opinion_polls', platforms: ['x', 'facebook', 'whatsapp'],
    phrasings: [
      'Encuesta de {pollster}: {cand} gana con {pct}% en primera vuelta',
      'Según {pollster}, {cand} tiene {pct}% y ganaría sin segunda vuelta',
      '{cand} arrasa con {pct}% en la última encuesta de {pollster}',
    ],
    base: { pollster: 'Ipsos Ciesmori', cand: 'Ernesto Villca', pct: '52' },
    alternatives: { pollster: ['Diagnosis'], cand: ['Jaime Choque'], pct: ['48'] },
    incidents: 4, region: () => null,
  },
  {
    id: 'es-dead-voters', language: 'es', category: 'voter_registration', platforms: ['facebook', 'whatsapp'],
    phrasings: [
      'Hay {k} personas fallecidas habilitadas en el padrón de {place}',
      'En el padrón de {place} figuran {k} muertos que van a votar',
      '{k} difuntos inscritos para votar en {place}, el padrón está inflado',
    ],
    base: { k: '3200', place: 'Sucre' },
    alternatives: { k: ['320', '2300'], place: ['Tupiza'] },
    incidents: 4, region: () => 'CH',
  },
  {
    id: 'es-ink', language: 'es', category: 'voting_process', platforms: ['tiktok', 'whatsapp'],
    phrasings: [
      'La tinta indeleble se borra con lavandina, en {place} ya votaron dos veces',
      'Comprobado: la tinta se quita con lavandina y en {place} hay gente votando doble',
      'En {place} se borran la tinta con lavandina para volver a votar',
    ],
    base: { place: 'Cobija' },
    alternatives: { place: ['Trinidad'] },
    incidents: 2, region: () => 'PA',
  },
  {
    // Another rumour about the very polling station of es-station-moved#1: shares its details, not its claim.
    id: 'es-station-closed', language: 'es', category: 'voting_process', platforms: ['whatsapp', 'facebook'],
    phrasings: [
      'La mesa {n} de {place} no abrirá porque no llegó el material electoral',
      'Sin material en la mesa {n} de {place}: no se podrá votar ahí',
      'Dicen que la mesa {n} de {place} no va a funcionar, el material nunca llegó',
    ],
    base: { n: '12', place: 'Villa Fátima' },
    alternatives: { n: ['3045'], place: ['El Alto'] },
    incidents: 2, region: () => 'LP',
  },
  // ── English ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'en-station-moved', language: 'en', category: 'voting_process', platforms: ['whatsapp', 'x', 'facebook'],
    phrasings: [
      'Polling station {n} at {school} in {place} has been moved to {venue}',
      'Voters of {place}: station {n} at {school} is no longer there, go to {venue} instead',
      'They moved polling station {n} ({school}, {place}) to {venue} last night',
      'Heads up {place}, {school} station {n} relocated to {venue}',
    ],
    base: { n: '4', school: 'Kondele Primary School', place: 'Kisumu', venue: 'the Social Hall' },
    alternatives: { n: ['5', '14'], school: ['Manyatta Primary School'], place: [], venue: [] },
    incidents: 4, region: () => 'KSM',
  },
  {
    id: 'en-day-changed', language: 'en', category: 'voting_process', platforms: ['x', 'whatsapp', 'facebook'],
    phrasings: [
      'IEBC says voting in {region} has been postponed to {day} because of insecurity',
      'Election in {region} moved to {day}, the IEBC has confirmed it',
      'Breaking: no voting in {region} tomorrow, the poll is now on {day}',
    ],
    base: { region: 'Nakuru', day: 'Thursday' },
    alternatives: { region: ['Eldoret', 'Garissa'], day: ['Friday'] },
    incidents: 4, region: (s) => s.region!.slice(0, 3).toUpperCase(),
  },
  {
    id: 'en-results-form', language: 'en', category: 'results', platforms: ['x', 'facebook', 'telegram'],
    phrasings: [
      'Form 34A from {place} polling station {n} was altered to give {cand} {votes} extra votes',
      'Leaked photo shows the 34A for station {n} in {place} doctored in favour of {cand}: {votes} votes added',
      'Fake results: {place} station {n} form inflated by {votes} votes for {cand}',
    ],
    base: { place: 'Kakamega', n: '17', cand: 'Peter Wafula', votes: '300' },
    alternatives: { place: ['Bungoma'], n: ['71'], cand: ['James Otieno'], votes: [] },
    incidents: 4, region: () => 'KAK',
  },
  {
    id: 'en-boxes-stolen', language: 'en', category: 'ballot_custody', platforms: ['facebook', 'x', 'tiktok'],
    phrasings: [
      '{k} ballot boxes stolen in {place} before counting started',
      'Thugs made away with {k} ballot boxes in {place} this evening',
      'Video: {k} ballot boxes snatched at a tallying centre in {place}',
    ],
    base: { k: '6', place: 'Mombasa' },
    alternatives: { k: ['9'], place: ['Kilifi', 'Malindi'] },
    incidents: 4, region: () => 'MSA',
  },
  {
    id: 'en-gendered', language: 'en', category: 'gendered_violence', platforms: ['facebook', 'tiktok', 'x'],
    phrasings: [
      'Woman rep candidate {cand} of {place} caught in a leaked nude video',
      'Leaked video of {cand}, the {place} woman rep aspirant, is going round',
      'This is why women should not lead: {cand} ({place}) nude video leaked',
    ],
    base: { cand: 'Mary Achieng', place: 'Homa Bay' },
    alternatives: { cand: ['Grace Wanjiru'], place: ['Migori'] },
    incidents: 3, region: () => 'HB',
  },
  {
    id: 'en-fake-poll', language: 'en', category: 'opinion_polls', platforms: ['x', 'facebook'],
    phrasings: [
      '{pollster} poll: {cand} leads with {pct}% and wins in the first round',
      'New {pollster} survey puts {cand} at {pct}%, runoff not needed',
      '{cand} at {pct}% says the latest {pollster} poll',
    ],
    base: { pollster: 'TIFA', cand: 'Peter Wafula', pct: '61' },
    alternatives: { pollster: ['Infotrak'], cand: [], pct: ['16', '65'] },
    incidents: 4, region: () => null,
  },
  {
    id: 'en-hate-group', language: 'en', category: 'hate_speech', platforms: ['facebook', 'whatsapp', 'tiktok'],
    phrasings: [
      'Somalis in {place} are being paid to vote twice, chase them from the polling stations',
      'In {place} the Somalis are voting twice for money, do not let them in',
      'Somalis bussed to vote twice in {place}, drive them out',
    ],
    base: { place: 'Isiolo' },
    alternatives: { place: ['Wajir'] },
    incidents: 2, region: () => 'ISI',
  },
  {
    id: 'en-id-rules', language: 'en', category: 'voter_registration', platforms: ['whatsapp', 'facebook'],
    phrasings: [
      'Voters in {region} without the new Maisha Namba card will be turned away',
      'In {region} you cannot vote with the old ID, only Maisha Namba',
      'IEBC: old ID cards not accepted in {region}, bring Maisha Namba',
    ],
    base: { region: 'Kiambu' },
    alternatives: { region: ['Machakos', 'Nyeri'] },
    incidents: 3, region: (s) => s.region!.slice(0, 3).toUpperCase(),
  },
  {
    // Another rumour about the polling station of en-station-moved#1.
    id: 'en-station-late', language: 'en', category: 'voting_process', platforms: ['whatsapp', 'x'],
    phrasings: [
      'Polling station {n} at {school} in {place} will only open at noon, come later',
      'No voting before 12 noon at {school} station {n}, {place}: officials are late',
      '{school} ({place}) station {n} opens at midday, do not queue in the morning',
    ],
    base: { n: '4', school: 'Kondele Primary School', place: 'Kisumu' },
    alternatives: { n: ['17'], school: [], place: ['Kakamega'] },
    incidents: 2, region: () => 'KSM',
  },
  // ── Portuguese ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'pt-urn-preloaded', language: 'pt', category: 'results', platforms: ['whatsapp', 'youtube', 'facebook'],
    phrasings: [
      'A urna da seção {n} em {place} já chegou com {votes} votos para {cand}',
      'Vídeo mostra urna da seção {n} de {place} carregada com {votes} votos de {cand} antes da votação',
      'Urna fraudada em {place}: seção {n} começou com {votes} votos para {cand}',
    ],
    base: { n: '114', place: 'Nampula', votes: '80', cand: 'Albino Mussa' },
    alternatives: { n: ['141', '115'], place: ['Quelimane'], votes: [], cand: ['Celso Tembe'] },
    incidents: 5, region: () => 'NPL',
  },
  {
    id: 'pt-day-changed', language: 'pt', category: 'voting_process', platforms: ['whatsapp', 'facebook'],
    phrasings: [
      'A CNE adiou a votação em {region} para {day}',
      'Votação em {region} passou para {day}, confirmou a CNE',
      'Atenção eleitores de {region}: a eleição agora é na {day}',
    ],
    base: { region: 'Tete', day: 'segunda-feira' },
    alternatives: { region: ['Manica'], day: ['terça-feira'] },
    incidents: 3, region: (s) => s.region!.toUpperCase().slice(0, 3),
  },
  {
    id: 'pt-gendered', language: 'pt', category: 'gendered_violence', platforms: ['facebook', 'instagram', 'whatsapp'],
    phrasings: [
      'Candidata {cand} de {place} aparece em vídeo íntimo vazado',
      'Vazou vídeo íntimo da candidata {cand} em {place}, mulher assim não governa',
      'Vídeo íntimo de {cand}, candidata de {place}, circula nos grupos',
    ],
    base: { cand: 'Luísa Chongo', place: 'Beira' },
    alternatives: { cand: ['Ana Macuácua'], place: ['Chimoio'] },
    incidents: 3, region: () => 'SOF',
  },
  {
    id: 'pt-fake-poll', language: 'pt', category: 'opinion_polls', platforms: ['facebook', 'x', 'instagram'],
    phrasings: [
      'Pesquisa {pollster}: {cand} tem {pct}% e vence no primeiro turno',
      'Segundo o {pollster}, {cand} lidera com {pct}% das intenções de voto',
      '{cand} dispara para {pct}% na nova pesquisa {pollster}',
    ],
    base: { pollster: 'Ipespe', cand: 'Albino Mussa', pct: '47' },
    alternatives: { pollster: ['Quaest'], cand: ['Celso Tembe'], pct: [] },
    incidents: 3, region: () => null,
  },
  {
    id: 'pt-boxes-stolen', language: 'pt', category: 'ballot_custody', platforms: ['facebook', 'whatsapp'],
    phrasings: [
      'Roubaram {k} urnas em {place} ontem à noite',
      'Em {place} levaram {k} urnas antes da contagem',
      'Denúncia: {k} urnas desaparecidas em {place}',
    ],
    base: { k: '5', place: 'Matola' },
    alternatives: { k: ['15'], place: ['Xai-Xai'] },
    incidents: 3, region: () => 'MPM',
  },
  // ── French ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'fr-station-moved', language: 'fr', category: 'voting_process', platforms: ['whatsapp', 'facebook'],
    phrasings: [
      'Le bureau de vote {n} de {place} a été déplacé à {venue}',
      'Électeurs de {place} : le bureau {n} est maintenant à {venue}',
      'On a changé le bureau de vote {n} de {place}, il faut aller à {venue}',
    ],
    base: { n: '7', place: 'Pikine', venue: "l'école Thiaroye 2" },
    alternatives: { n: ['17', '8'], place: ['Guédiawaye'], venue: [] },
    incidents: 4, region: () => 'DK',
  },
  {
    id: 'fr-day-changed', language: 'fr', category: 'voting_process', platforms: ['whatsapp', 'facebook', 'x'],
    phrasings: [
      'La CENA annonce que le vote à {region} est reporté à {day}',
      'Scrutin reporté à {day} dans la région de {region}, selon la CENA',
      'Attention {region} : on ne vote plus dimanche mais {day}',
    ],
    base: { region: 'Ziguinchor', day: 'mardi' },
    alternatives: { region: ['Kolda'], day: ['lundi'] },
    incidents: 3, region: (s) => s.region!.slice(0, 2).toUpperCase(),
  },
  {
    id: 'fr-pv-falsified', language: 'fr', category: 'results', platforms: ['facebook', 'x', 'whatsapp'],
    phrasings: [
      'Le procès-verbal du bureau {n} de {place} a été falsifié en faveur de {cand}',
      'PV truqué au bureau {n} à {place} : {cand} gonflé de plusieurs centaines de voix',
      'Photo du PV falsifié du bureau {n} de {place}, tout pour {cand}',
    ],
    base: { n: '23', place: 'Thiès', cand: 'Moussa Diop' },
    alternatives: { n: ['32'], place: ['Mbour'], cand: ['Awa Ndiaye'] },
    incidents: 4, region: () => 'TH',
  },
  {
    id: 'fr-hate-group', language: 'fr', category: 'hate_speech', platforms: ['facebook', 'tiktok'],
    phrasings: [
      'Les étrangers de {place} votent plusieurs fois, il faut les chasser des bureaux',
      'À {place} les étrangers sont payés pour voter deux fois, chassez-les',
      'Des étrangers votent deux fois à {place}, ne les laissez pas entrer',
    ],
    base: { place: 'Touba' },
    alternatives: { place: ['Kaolack'] },
    incidents: 2, region: () => 'DB',
  },
  {
    id: 'fr-boxes-stolen', language: 'fr', category: 'ballot_custody', platforms: ['facebook', 'whatsapp', 'tiktok'],
    phrasings: [
      '{k} urnes volées à {place} pendant la nuit',
      'À {place}, des hommes armés ont emporté {k} urnes avant le dépouillement',
      'Vol de {k} urnes à {place} : la CENA se tait',
    ],
    base: { k: '3', place: 'Saint-Louis' },
    alternatives: { k: ['13'], place: ['Louga'] },
    incidents: 3, region: () => 'SL',
  },
  {
    id: 'fr-fake-poll', language: 'fr', category: 'opinion_polls', platforms: ['x', 'facebook'],
    phrasings: [
      'Sondage {pollster} : {cand} en tête avec {pct}% des intentions de vote',
      "D'après {pollster}, {cand} l'emporte dès le premier tour avec {pct}%",
      '{cand} à {pct}% selon le dernier sondage {pollster}',
    ],
    base: { pollster: 'Ifop Afrique', cand: 'Awa Ndiaye', pct: '54' },
    alternatives: { pollster: [], cand: ['Moussa Diop'], pct: ['45'] },
    incidents: 3, region: () => null,
  },
];

const FORWARD: Record<string, string[]> = {
  es: ['Reenviado:', 'Reenviado muchas veces:', 'Enviado:'],
  en: ['Forwarded:', 'Forwarded many times:', 'Fwd:'],
  pt: ['Encaminhada:', 'Encaminhada com frequência:'],
  fr: ['Transféré :', 'Transféré:'],
};
const URGENT: Record<string, string[]> = {
  es: ['URGENTE', '🚨 URGENTE 🚨', 'ATENCIÓN', 'Última hora:'],
  en: ['URGENT', 'BREAKING:', '🚨 ALERT'],
  pt: ['URGENTE', 'ATENÇÃO:'],
  fr: ['URGENT', 'ALERTE :', 'Attention !!'],
};
const SHARE: Record<string, string[]> = {
  es: ['¡Compartan!', 'Difundan por favor', 'Pásalo a tus grupos'],
  en: ['Pass it on!', 'Share before they delete it', 'Share!!'],
  pt: ['Compartilhem!', 'Compartilhe com todos'],
  fr: ['Partagez !', 'Partagez massivement'],
};
const HASHTAGS: Record<string, string[]> = {
  es: ['#Elecciones2025', '#BoliviaDecide', '#FraudeElectoral', '#Subnacionales2026'],
  en: ['#KenyaDecides2027', '#ElectionsKE', '#IEBC'],
  pt: ['#Eleições2026', '#Moçambique', '#Fraude'],
  fr: ['#Sénégal2026', '#Présidentielle2026', '#CENA'],
};
const EMOJI = ['😡', '‼️', '🗳️', '🤬', '👀', '⚠️', '🔥'];
const SHORT_HOSTS = ['https://bit.ly/', 'https://tinyurl.com/'];

function fill(phrasing: string, slots: Record<string, string>): string {
  return phrasing.replace(/\{(\w+)\}/g, (_, k: string) => slots[k] ?? `{${k}}`).replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}

function typo(rng: Rng, text: string): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^\p{L}{5,}$/u.test(w));
  if (candidates.length === 0) return text;
  const [word, i] = pick(rng, candidates);
  const at = 1 + Math.floor(rng() * (word.length - 2));
  const chars = [...word];
  if (chance(rng, 0.5)) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
  else chars.splice(at, 1);
  words[i] = chars.join('');
  return words.join(' ');
}

function alnum(rng: Rng, n: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}
const digits = (rng: Rng, n: number) => String(1 + Math.floor(rng() * 9)) + alnum(rng, n - 1, '0123456789');

interface Post {
  platform: CorpusReport['platform'];
  id: string;
  owner: string;
}

function newPost(rng: Rng, platform: CorpusReport['platform']): Post | null {
  const owner = pick(rng, ['noticiasya', 'ElPuebloInforma', 'verdad_bo', 'radio.vecinal', 'kenyans_daily', 'nairobi_updates', 'voz.do.povo', 'dakar_actu', 'senlive']);
  switch (platform) {
    case 'facebook': return { platform, owner, id: digits(rng, 16) };
    case 'x': return { platform, owner, id: `18${digits(rng, 17)}` };
    case 'tiktok': return { platform, owner, id: `73${digits(rng, 17)}` };
    case 'youtube': return { platform, owner, id: alnum(rng, 11) };
    case 'instagram': return { platform, owner, id: `C${alnum(rng, 10)}` };
    case 'telegram': return { platform, owner, id: digits(rng, 4) };
    default: return null;
  }
}

/** One way of pasting a link to `post`, as people do: mobile hosts, share links, tracking parameters. */
function postUrl(rng: Rng, post: Post): { url: string; shape: string } {
  const { id, owner } = post;
  const utm = () => `utm_source=${pick(rng, ['whatsapp', 'copy_link', 'ig'])}&utm_medium=social`;
  const shapes: Record<Post['platform'], (() => [string, string])[]> = {
    facebook: [
      () => [`https://www.facebook.com/${owner}/posts/${id}`, 'canonical'],
      () => [`https://m.facebook.com/${owner}/posts/${id}/?fbclid=IwAR${alnum(rng, 24)}`, 'mobile+fbclid'],
      () => [`https://m.facebook.com/story.php?story_fbid=${id}&id=${digits(rng, 15)}&mibextid=${alnum(rng, 6)}`, 'story.php'],
      () => [`https://web.facebook.com/${owner}/posts/${id}?_rdc=1&_rdr`, 'web.'],
      () => [`http://facebook.com/${owner}/posts/${id}#comments`, 'http+fragment'],
    ],
    x: [
      () => [`https://x.com/${owner}/status/${id}`, 'canonical'],
      () => [`https://twitter.com/${owner}/status/${id}?s=20&t=${alnum(rng, 22)}`, 'twitter+s/t'],
      () => [`https://mobile.twitter.com/${owner}/status/${id}`, 'mobile.twitter'],
      () => [`https://twitter.com/i/web/status/${id}`, 'i/web'],
      () => [`https://x.com/${owner}/status/${id}/photo/1`, 'photo suffix'],
    ],
    tiktok: [
      () => [`https://www.tiktok.com/@${owner}/video/${id}`, 'canonical'],
      () => [`https://www.tiktok.com/@${owner}/video/${id}?is_from_webapp=1&sender_device=pc&web_id=${digits(rng, 19)}`, 'webapp params'],
      () => [`https://m.tiktok.com/v/${id}.html?_r=1`, 'old mobile'],
    ],
    youtube: [
      () => [`https://www.youtube.com/watch?v=${id}`, 'canonical'],
      () => [`https://youtu.be/${id}?si=${alnum(rng, 16)}`, 'youtu.be+si'],
      () => [`https://m.youtube.com/watch?v=${id}&feature=share`, 'mobile+feature'],
      () => [`https://www.youtube.com/shorts/${id}`, 'shorts'],
    ],
    instagram: [
      () => [`https://www.instagram.com/p/${id}/`, 'canonical'],
      () => [`https://www.instagram.com/reel/${id}/?igsh=${alnum(rng, 16)}`, 'reel+igsh'],
      () => [`https://instagram.com/p/${id}?${utm()}`, 'utm'],
    ],
    telegram: [
      () => [`https://t.me/${owner.replace(/\W/g, '')}/${id}`, 'canonical'],
      () => [`https://t.me/s/${owner.replace(/\W/g, '')}/${id}`, 't.me/s'],
      () => [`https://telegram.me/${owner.replace(/\W/g, '')}/${id}?single`, 'telegram.me'],
    ],
    whatsapp: [],
  };
  const [url, shape] = pick(rng, shapes[post.platform])();
  return { url, shape };
}

/** A report of the incident: one wording and a few of the ways people retype and forward it. */
function retell(rng: Rng, template: Template, slots: Record<string, string>): { claim: string; shape: string[] } {
  const lang = template.language;
  const index = Math.floor(rng() * template.phrasings.length);
  let claim = fill(template.phrasings[index]!, slots);
  const shape = [`phrasing ${index}`];
  if (chance(rng, 0.2)) {
    claim = typo(rng, claim);
    shape.push('typo');
  }
  if (chance(rng, 0.12)) {
    claim = claim.normalize('NFD').replace(/\p{M}+/gu, '');
    shape.push('no accents');
  }
  if (chance(rng, 0.15)) {
    claim = `${pick(rng, URGENT[lang]!)} ${claim}`;
    shape.push('urgent');
  }
  if (chance(rng, 0.15)) {
    claim = `${claim} ${pick(rng, SHARE[lang]!)}`;
    shape.push('share');
  }
  if (chance(rng, 0.2)) {
    const tags = shuffle(rng, [...HASHTAGS[lang]!]).slice(0, 1 + Math.floor(rng() * 2));
    claim = `${claim} ${tags.join(' ')}`;
    shape.push('hashtags');
  }
  if (chance(rng, 0.2)) {
    const e = pick(rng, EMOJI);
    claim = chance(rng, 0.5) ? `${e}${e} ${claim}` : `${claim} ${e}`;
    shape.push('emoji');
  }
  const caps = rng();
  if (caps < 0.08) {
    claim = claim.toUpperCase();
    shape.push('all caps');
  } else if (caps < 0.15) {
    claim = claim.toLowerCase();
    shape.push('all lower');
  }
  if (chance(rng, 0.15)) {
    claim = `${pick(rng, FORWARD[lang]!)} ${claim}`;
    shape.push('forwarded');
  }
  return { claim, shape };
}

export function generateCorpus(seed = SEED): DedupCorpus {
  const rng = mulberry32(seed);
  const reports: Omit<CorpusReport, 'seq'>[] = [];
  for (const template of T) {
    // The base incident and siblings that each change one slot: the near misses.
    const variants: Record<string, string>[] = [template.base];
    const changeable = Object.entries(template.alternatives).flatMap(([slot, values]) => values.map((v) => [slot, v] as const));
    for (const [slot, value] of shuffle(rng, changeable).slice(0, template.incidents - 1)) {
      variants.push({ ...template.base, [slot]: value });
    }
    variants.forEach((slots, i) => {
      const incident = `${template.id}#${i + 1}`;
      const size = pick(rng, [1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7]);
      const platform = pick(rng, template.platforms);
      const posts = [newPost(rng, platform), chance(rng, 0.3) ? newPost(rng, pick(rng, template.platforms)) : null].filter((p): p is Post => p !== null);
      const orgs = ORGS_BY_LANG[template.language]!;
      for (let r = 0; r < size; r++) {
        const { claim, shape } = retell(rng, template, slots);
        const urls: string[] = [];
        let reportPlatform: CorpusReport['platform'] = 'whatsapp';
        if (posts.length && chance(rng, 0.6)) {
          const post = pick(rng, posts);
          if (chance(rng, 0.08)) {
            urls.push(`${pick(rng, SHORT_HOSTS)}${alnum(rng, 7)}`);
            shape.push('url: short link');
          } else {
            const u = postUrl(rng, post);
            urls.push(u.url);
            shape.push(`url: ${post.platform} ${u.shape}`);
          }
          reportPlatform = post.platform;
        } else if (platform !== 'whatsapp' && chance(rng, 0.5)) {
          reportPlatform = platform;
        }
        reports.push({
          incident, template: template.id, organisation: pick(rng, orgs), language: template.language,
          platform: reportPlatform, category: template.category, region: template.region?.(slots) ?? null,
          claim, urls, shape,
        });
      }
    });
  }
  // The stream: incidents interleave, as they do on polling day.
  const stream = shuffle(rng, reports).map((r, i) => ({ seq: i + 1, ...r }));
  return {
    description:
      'Labelled election-rumour reports for evaluating Sitroom deduplication. Reports with the same `incident` are one rumour; incidents of the same `template` differ in one slot (place, polling station, day, candidate or number) and must stay apart. Generated by generate.ts; do not edit by hand.',
    seed,
    organisations: ORGANISATIONS,
    reports: stream,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const corpus = generateCorpus();
  const out = fileURLToPath(new URL('./dedup-corpus.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify(corpus, null, 1)}\n`);
  const incidents = new Set(corpus.reports.map((r) => r.incident)).size;
  const langs = [...new Set(corpus.reports.map((r) => r.language))].join(', ');
  console.log(`wrote ${corpus.reports.length} reports, ${incidents} incidents, languages ${langs} to ${out}`);
}
