/**
 * Query parameters that only track where a click came from, on any site; they never change what a
 * link points at. Keys ending in `[n]` (Facebook's `__cft__[0]`) are matched without the suffix.
 */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'ttclid', 'twclid', 'li_fat_id',
  'igshid', 'igsh', 'si', 'mibextid', 'mc_cid', 'mc_eid', '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'vero_id',
  'oly_enc_id', 'oly_anon_id', 'wt.mc_id', 'ocid', 'cmpid', 'xtor', 'ncid', 's_cid', 'at_medium', 'at_campaign',
  'spm', 'wtsid', 'rdid', '__cft__', '__tn__', 'ref_src', 'ref_url', 'share_url', 'sharer', 'sender_device',
  'sender_web_id', 'is_from_webapp', 'is_copy_url', 'web_id', 'rdc', 'rdr', '_rdr', 'paipv', 'eav', 'hc_ref',
]);
/**
 * Parameters that are tracking on the big platforms but may carry meaning elsewhere (a WordPress
 * search is `?s=`, a page number `?t=`), so they are dropped only on the platforms' hosts.
 */
const PLATFORM_TRACKING_PARAMS = new Set(['s', 't', 'feature', 'ref', 'app', 'share', 'from', 'source', 'utm', 'context', 'lang', 'hl', 'locale', 'refsrc', '_t', '_r', 'u_code', 'preview_pb', 'sender_device', 'is_from_webapp', 'pp', 'ab_channel', 'embeds_referring_euri', 'story_fbid_ref']);

/** The big platforms' hosts and their aliases, after mobile prefixes are removed. */
const HOST_ALIASES: Record<string, string> = {
  'facebook.com': 'facebook.com', 'fb.com': 'facebook.com', 'fb.watch': 'fb.watch', 'fb.me': 'fb.me',
  'twitter.com': 'x.com', 'x.com': 'x.com', 'fxtwitter.com': 'x.com', 'vxtwitter.com': 'x.com',
  'fixupx.com': 'x.com', 'fixvx.com': 'x.com', 'twittpr.com': 'x.com',
  'youtube.com': 'youtube.com', 'youtu.be': 'youtube.com', 'youtube-nocookie.com': 'youtube.com',
  'instagram.com': 'instagram.com', 'instagr.am': 'instagram.com', 'ddinstagram.com': 'instagram.com',
  'tiktok.com': 'tiktok.com',
  'telegram.me': 't.me', 't.me': 't.me', 'telegram.dog': 't.me',
};
const PLATFORM_HOSTS = new Set(Object.values(HOST_ALIASES));
/** Prefixes that mean "the same site" anywhere. */
const GENERIC_PREFIXES = ['www.', 'm.', 'mobile.', 'amp.'];
/** Prefixes that mean "the same site" only on the big platforms (elsewhere `web.` or `l.` may be another site). */
const PLATFORM_PREFIXES = ['www.', 'm.', 'mobile.', 'mbasic.', 'web.', 'touch.', 'free.', 'lm.', 'l.'];
/** Hosts that are short links: kept as they are, since resolving them needs a network lookup. */
const SHORT_LINK_HOSTS = new Set(['vm.tiktok.com', 'vt.tiktok.com', 'fb.watch', 'fb.me', 't.co', 'bit.ly', 'tinyurl.com', 'ow.ly', 'buff.ly', 'is.gd', 'goo.gl', 'shorturl.at', 'rb.gy', 'cutt.ly']);

function canonicalHost(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (SHORT_LINK_HOSTS.has(host)) return host;
  for (const prefix of PLATFORM_PREFIXES) {
    if (!host.startsWith(prefix)) continue;
    const rest = host.slice(prefix.length);
    const alias = HOST_ALIASES[rest];
    if (alias) return alias;
  }
  if (HOST_ALIASES[host]) return HOST_ALIASES[host];
  for (const prefix of GENERIC_PREFIXES) {
    if (host.startsWith(prefix) && host.split('.').length > 2) return host.slice(prefix.length);
  }
  return host;
}

/** Rewrites links to one post, video or status into the same canonical form. */
function canonicalPlatformPath(host: string, url: URL): string | null {
  const path = url.pathname.replace(/\/+$/, '');
  const params = url.searchParams;
  if (host === 'x.com') {
    // /user/status/1, /i/status/1, /i/web/status/1, /user/statuses/1, /user/status/1/photo/1
    const m = path.match(/^\/(?:[^/]+|i\/web)\/status(?:es)?\/(\d+)/);
    if (m) return `x.com/status/${m[1]}`;
  }
  if (host === 'youtube.com') {
    if (url.hostname.toLowerCase().endsWith('youtu.be')) {
      const id = path.split('/')[1];
      if (id) return `youtube.com/watch/${id}`;
    }
    const v = params.get('v');
    if (path === '/watch' && v) return `youtube.com/watch/${v}`;
    const m = path.match(/^\/(?:shorts|embed|live|v|e)\/([\w-]+)/);
    if (m) return `youtube.com/watch/${m[1]}`;
  }
  if (host === 'tiktok.com') {
    // /@user/video/1, /@user/photo/1, /embed/v2/1, m.tiktok.com/v/1.html
    const m = path.match(/\/(?:video|photo|v|embed(?:\/v2)?)\/(\d+)(?:\.html)?$/) ?? path.match(/\/(?:video|photo)\/(\d+)/);
    if (m) return `tiktok.com/video/${m[1]}`;
  }
  if (host === 'instagram.com') {
    const m = path.match(/^\/(?:[^/]+\/)?(?:p|reel|reels|tv)\/([\w-]+)/);
    if (m) return `instagram.com/p/${m[1]}`;
  }
  if (host === 'facebook.com') {
    const story = params.get('story_fbid');
    if (story) return `facebook.com/story/${story}`;
    const fbid = params.get('fbid');
    if (fbid && /^\/photo(?:\.php)?$/.test(path)) return `facebook.com/story/${fbid}`;
    const v = params.get('v');
    if (v && /^\/watch(?:\/live)?$/.test(path)) return `facebook.com/story/${v}`;
    // /page/posts/1, /groups/g/posts/1, /groups/g/permalink/1, /page/videos/some-title/1, /reel/1
    const m = path.match(/\/(?:posts|permalink|reel|videos(?:\/[^/]+(?=\/\d))?)\/([\w.-]+)/);
    if (m) return `facebook.com/story/${m[1]}`;
  }
  if (host === 't.me') {
    const priv = path.match(/^\/c\/(\d+)\/(?:\d+\/)?(\d+)$/);
    if (priv) return `t.me/c/${priv[1]}/${priv[2]}`;
    const m = path.match(/^\/(?:s\/)?(\w+)\/(\d+)/);
    if (m) return `t.me/${m[1]!.toLowerCase()}/${m[2]}`;
  }
  return null;
}

/** The target of a platform's link shim (l.facebook.com/l.php?u=…), which is where the link really points. */
function shimTarget(host: string, url: URL): string | null {
  if (host === 'facebook.com' && url.pathname === '/l.php') return url.searchParams.get('u');
  if (host === 'youtube.com' && url.pathname === '/redirect') return url.searchParams.get('q');
  if ((host === 'google.com' || /^google\.[a-z.]+$/.test(host)) && url.pathname === '/url') return url.searchParams.get('q') ?? url.searchParams.get('url');
  return null;
}

function isTrackingParam(key: string, onPlatform: boolean): boolean {
  const k = key.toLowerCase().replace(/\[\d*\]$/, '');
  return k.startsWith('utm_') || TRACKING_PARAMS.has(k) || (onPlatform && PLATFORM_TRACKING_PARAMS.has(k));
}

/**
 * Normalises a link so that two links to the same thing compare equal: scheme, host case and
 * mobile variants, trailing slashes, fragments, tracking parameters, and the canonical id inside
 * links to a post on the big platforms. Short links are kept as they are (no network lookups).
 * Returns null for something that is not an http(s) URL.
 */
export function normalizeUrl(raw: string): string | null {
  return normalizeUrlDepth(raw, 0);
}

function normalizeUrlDepth(raw: string, depth: number): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = canonicalHost(url.hostname);
  if (SHORT_LINK_HOSTS.has(host)) return `${host}${url.pathname.replace(/\/+$/, '')}`;
  const target = depth < 2 ? shimTarget(host, url) : null;
  if (target) {
    const unwrapped = normalizeUrlDepth(target, depth + 1);
    if (unwrapped) return unwrapped;
  }
  const platform = canonicalPlatformPath(host, url);
  if (platform) return platform;

  const onPlatform = PLATFORM_HOSTS.has(host);
  const kept = [...url.searchParams.entries()]
    .filter(([key]) => !isTrackingParam(key, onPlatform))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  const path = decodeSafe(url.pathname).replace(/\/+$/, '');
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  return `${host}${port}${path}${query}`;
}

function decodeSafe(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** Normalised, de-duplicated links of a report, in a stable order. */
export function normalizeUrls(urls: readonly string[]): string[] {
  return [...new Set(urls.map(normalizeUrl).filter((u): u is string => u !== null))].sort();
}

/**
 * Normalises a claim for comparison: lower case, accents and punctuation removed, whitespace
 * collapsed. Numbers are kept, since "polling station 12" and "polling station 13" differ.
 */
export function normalizeClaim(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
