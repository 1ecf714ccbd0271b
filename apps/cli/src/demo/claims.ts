import type { Category, Platform } from '@sitroom/core';
import type { DemoRegionCode } from './directory.ts';

/**
 * Demo claims: invented, but shaped like the false electoral claims coalitions log (where, when
 * and how to vote; results; fraud narratives; hate speech; attacks on women candidates). Every
 * person, account, post id and site is made up. Slots in braces are filled per report:
 * {city} {place} {n} {candidate} {hour} {pct}; {candidate} is always a woman's name.
 */
export interface ClaimTemplate {
  key: string;
  language: string;
  category: Category;
  platform: Platform;
  text: string;
  /** Regions the claim circulates in; none means national. */
  regions?: DemoRegionCode[];
  /** Estimated views or shares when first seen. */
  reach: [number, number];
  /** The account or site the claim is posted from; ids are generated per report. */
  source?: string;
  evidence?: string;
}

export const CITIES: Record<DemoRegionCode, string[]> = {
  LP: ['El Alto', 'La Paz', 'Achacachi', 'Viacha'],
  CB: ['Cochabamba', 'Quillacollo', 'Sacaba'],
  SC: ['Santa Cruz de la Sierra', 'Montero', 'Warnes'],
  OR: ['Oruro', 'Huanuni', 'Challapata'],
  PT: ['Potosí', 'Uyuni', 'Llallagua'],
  CH: ['Sucre', 'Monteagudo'],
  TJ: ['Tarija', 'Yacuiba', 'Bermejo'],
  BE: ['Trinidad', 'Riberalta', 'Guayaramerín'],
  PD: ['Cobija', 'Porvenir'],
};

/** Polling stations ("recintos"), named as they are written after "recinto". */
export const PLACES = [
  'Unidad Educativa Simón Bolívar', 'Colegio Junín', 'Unidad Educativa Juana Azurduy',
  'Colegio Nacional Ayacucho', 'Escuela Eduardo Abaroa', 'Colegio Germán Busch',
];

/** Invented names of women candidates (the gendered-violence claims target women). */
export const CANDIDATES = ['Rosa Mamani', 'Elena Choque', 'Patricia Rojas', 'Wilma Huanca', 'Carmen Villca', 'Julia Arce'];

export const CLAIMS: readonly ClaimTemplate[] = [
  // voting_process: where, when and how to vote
  { key: 'vote-two-days', language: 'es', category: 'voting_process', platform: 'whatsapp', reach: [800, 6000],
    text: 'Atención: este año la votación dura dos días, el domingo votan los de carnet par y el lunes los de carnet impar.' },
  { key: 'station-moved', language: 'es', category: 'voting_process', platform: 'facebook', reach: [1500, 12000], source: 'NoticiasAlInstanteBo',
    text: 'URGENTE: el recinto {place} de {city} fue trasladado, la mesa {n} votará en el coliseo municipal.' },
  { key: 'expired-id', language: 'es', category: 'voting_process', platform: 'tiktok', reach: [5000, 90000], source: 'elvoceroandino',
    text: 'Si tu carnet está vencido no te dejan votar y te multan con 500 bolivianos, no vayas a tu mesa.' },
  { key: 'vote-by-sms', language: 'es', category: 'voting_process', platform: 'facebook', reach: [2000, 20000], source: 'BoliviaDecideYa',
    text: 'Ya puedes votar desde tu celular enviando un SMS al 7{n}00 con el nombre de tu candidato, lo confirmó el Tribunal.' },
  { key: 'polls-close-early', language: 'es', category: 'voting_process', platform: 'x', reach: [3000, 40000], source: 'ultimominuto_bo',
    text: 'Las mesas en {city} cerrarán a las {hour}:00 por falta de material, si no votaste antes pierdes tu voto.' },
  { key: 'aymara-ink', language: 'es', category: 'voting_process', platform: 'radio', regions: ['LP', 'OR'], reach: [10000, 50000],
    text: 'Jilatanaka, kullakanaka: dicen en la feria de {city} que la tinta indeleble se borra con limón y que se puede votar dos veces.',
    evidence: 'Escuchado en una radio local durante la mañana; grabación de 40 segundos archivada.' },
  { key: 'quechua-no-ballots', language: 'es', category: 'voting_process', platform: 'whatsapp', regions: ['CB', 'PT', 'CH'], reach: [400, 3000],
    text: 'Mana papeletas kanqachu: en las comunidades de {city} no habrá papeletas en quechua y a los comunarios les harán votar en otro municipio.' },
  { key: 'en-diaspora', language: 'en', category: 'voter_registration', platform: 'x', reach: [1000, 15000], source: 'andes_watch_news',
    text: 'Bolivians abroad: the electoral roll for voters overseas was quietly closed last week, registrations made after the 1st are void.' },
  { key: 'dead-voters', language: 'es', category: 'voter_registration', platform: 'facebook', reach: [4000, 60000], source: 'VerdadSinFiltroBolivia',
    text: 'El padrón de {city} tiene más de {n}00 muertos habilitados para votar, así preparan el fraude.' },

  // results
  { key: 'fake-quick-count', language: 'es', category: 'results', platform: 'x', reach: [8000, 150000], source: 'conteo_rapido_bo',
    text: 'Conteo rápido oficial al {pct}%: el Tribunal ya tiene los resultados y los esconde hasta negociar con los partidos.' },
  { key: 'transmission-stopped', language: 'es', category: 'results', platform: 'facebook', reach: [6000, 80000], source: 'AlertaBoliviaTV',
    text: 'Se cayó el sistema de transmisión de resultados en {city}, están cambiando las actas a mano en la sede departamental.' },
  { key: 'tally-photo', language: 'es', category: 'results', platform: 'whatsapp', reach: [500, 9000],
    text: 'Foto del acta de la mesa {n} del recinto {place}: hay más votos que votantes habilitados, compartan antes que la borren.',
    evidence: 'La foto circula recortada; el número de mesa no coincide con el recinto mencionado.' },
  { key: 'en-results-annulled', language: 'en', category: 'results', platform: 'youtube', reach: [2000, 30000], source: 'LatAmPoliticsDaily',
    text: 'BREAKING: international observers say the Bolivian results will be annulled and the election repeated in {city}.' },
  { key: 'results-tiktok', language: 'es', category: 'results', platform: 'tiktok', reach: [20000, 300000], source: 'bolivia.resultados.ya',
    text: 'Video muestra a funcionarios quemando actas en {city} la noche de la elección, por eso tardan los resultados.' },

  // emb_integrity and ballot custody
  { key: 'marked-ballots', language: 'es', category: 'ballot_custody', platform: 'tiktok', reach: [15000, 250000], source: 'denuncia.ciudadana.bo',
    text: 'Encontraron papeletas ya marcadas en un camión del Tribunal rumbo a {city}, el fraude está armado.' },
  { key: 'software-company', language: 'es', category: 'emb_integrity', platform: 'facebook', reach: [3000, 45000], source: 'PatriaInformada',
    text: 'El software del conteo lo maneja una empresa extranjera que trabaja para un partido, el Tribunal lo sabe y calla.' },
  { key: 'vocal-bribed', language: 'es', category: 'emb_integrity', platform: 'x', reach: [2500, 35000], source: 'filtraciones_bo',
    text: 'Audio filtrado: un vocal del Tribunal recibió dinero para favorecer a un candidato en {city}.' },
  { key: 'en-ballot-boxes', language: 'en', category: 'ballot_custody', platform: 'x', reach: [1000, 20000], source: 'andes_watch_news',
    text: 'Footage shows ballot boxes left unguarded overnight in {city}, seals already broken before counting.' },
  { key: 'jurados-paid', language: 'es', category: 'emb_integrity', platform: 'whatsapp', reach: [700, 8000],
    text: 'A los jurados electorales de {city} les pagan 300 Bs extra para anular votos de un partido, pasen la voz.' },

  // hate speech and incitement
  { key: 'hate-collas', language: 'es', category: 'hate_speech', platform: 'facebook', regions: ['SC', 'BE', 'PD'], reach: [4000, 70000], source: 'OrgulloCamba2026',
    text: 'Mensajes en cadena culpan a los migrantes del occidente del fraude en {city} y piden que no los dejen entrar a los recintos.' },
  { key: 'hate-indigenous', language: 'es', category: 'hate_speech', platform: 'tiktok', regions: ['LP', 'OR', 'PT'], reach: [6000, 90000], source: 'lavozdelpueblo.bo',
    text: 'Video dice que los votos de las comunidades indígenas de {city} no deberían contar porque "votan como les ordenan".' },
  { key: 'incite-blockade', language: 'es', category: 'incitement', platform: 'telegram', reach: [1500, 12000], source: 'resistencia_bo',
    text: 'Convocan a bloquear el recinto {place} de {city} el día de la elección y "no dejar salir las ánforas".' },
  { key: 'incite-burn', language: 'es', category: 'incitement', platform: 'whatsapp', reach: [300, 5000],
    text: 'Si gana el fraude, a las {hour}:00 todos al Tribunal departamental de {city} a quemar todo, ya están los grupos listos.' },

  // gendered violence against women candidates
  { key: 'gv-deepfake', language: 'es', category: 'gendered_violence', platform: 'facebook', reach: [5000, 80000], source: 'ChismesPoliticosBo',
    text: 'Circula un video íntimo falso de la candidata {candidate} con el mensaje de que "una mujer así no puede representar a {city}".' },
  { key: 'gv-resign', language: 'es', category: 'gendered_violence', platform: 'x', reach: [2000, 25000], source: 'ultimominuto_bo',
    text: 'Publican que la candidata {candidate} renunció a su candidatura "porque su esposo no la deja", es falso y busca desmovilizar a sus votantes.' },
  { key: 'gv-en', language: 'en', category: 'gendered_violence', platform: 'instagram', reach: [3000, 40000], source: 'andes.gossip',
    text: 'Posts claim candidate {candidate} faked her signatures and should be "sent back to the kitchen"; a coordinated harassment campaign.' },

  // coordinated inauthentic behaviour, polls, candidates
  { key: 'cib-bots', language: 'es', category: 'coordinated_inauthentic', platform: 'x', reach: [10000, 200000],
    text: 'Cientos de cuentas recién creadas publican el mismo texto: "el Tribunal ya decidió al ganador, no vale la pena votar".' },
  { key: 'cib-fake-emb-page', language: 'es', category: 'coordinated_inauthentic', platform: 'facebook', reach: [4000, 50000], source: 'TribunalElectoralBoliviaOficial',
    text: 'Página falsa que imita al Tribunal Electoral anuncia cambios de recinto y pide datos personales para "verificar tu mesa".' },
  { key: 'fake-poll', language: 'es', category: 'opinion_polls', platform: 'facebook', reach: [3000, 30000], source: 'EncuestasBoliviaHoy',
    text: 'Encuesta de una consultora inexistente da {pct}% a un candidato en {city} y dice que está "avalada por el Tribunal".' },
  { key: 'candidate-disqualified', language: 'es', category: 'candidates_parties', platform: 'tiktok', reach: [8000, 120000], source: 'bolivia.resultados.ya',
    text: 'La candidata {candidate} fue inhabilitada anoche y sus votos serán nulos, el Tribunal lo ocultará hasta el domingo.' },
  { key: 'web-article', language: 'es', category: 'emb_integrity', platform: 'web', reach: [1000, 15000], source: 'el-observador-andino.news',
    text: 'Artículo sostiene que el Tribunal imprimió {n}0 000 papeletas de más para "rellenar" ánforas en {city}.' },
];
