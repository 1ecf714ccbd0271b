/** Query parameters that only track where a click came from; they never change what a link points at. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'msclkid', 'igshid', 'igsh', 'si', 'feature', 'ref', 'ref_src', 'ref_url',
  's', 't', 'mibextid', 'share', 'app', 'sharer', '__cft__', '__tn__', 'rdid', 'wtsid', 'mc_cid', 'mc_eid',
  '_ga', 'yclid', 'spm', 'from', 'is_from_webapp', 'sender_device', 'sender_web_id',
]);

/** Hosts whose `www.`, `m.`, `mobile.` and similar variants are the same site. */
const HOST_ALIASES: Record<string, string> = {
  'facebook.com': 'facebook.com', 'fb.com': 'facebook.com', 'fb.watch': 'fb.watch',
  'twitter.com': 'x.com', 'x.com': 'x.com', 'mobile.twitter.com': 'x.com',
  'youtube.com': 'youtube.com', 'youtu.be': 'youtube.com',
  'instagram.com': 'instagram.com', 'tiktok.com': 'tiktok.com', 'telegram.me': 't.me', 't.me': 't.me',
};
const MOBILE_PREFIXES = ['www.', 'm.', 'mobile.', 'mbasic.', 'web.', 'touch.', 'lm.', 'l.'];

function canonicalHost(hostname: string): string {
  let host = hostname.toLowerCase().replace(/\.$/, '');
  for (const prefix of MOBILE_PREFIXES) {
    if (host.startsWith(prefix) && host.split('.').length > 2) {
      host = host.slice(prefix.length);
      break;
    }
  }
  return HOST_ALIASES[host] ?? host;
}

/** Rewrites links to one post, video or status into the same canonical form. */
function canonicalPlatformPath(host: string, url: URL): string | null {
  const path = url.pathname;
  const params = url.searchParams;
  if (host === 'x.com') {
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
    const m = path.match(/^\/(?:shorts|embed|live|v)\/([\w-]+)/);
    if (m) return `youtube.com/watch/${m[1]}`;
  }
  if (host === 'tiktok.com') {
    const m = path.match(/\/video\/(\d+)/);
    if (m) return `tiktok.com/video/${m[1]}`;
  }
  if (host === 'instagram.com') {
    const m = path.match(/^\/(?:[^/]+\/)?(p|reel|reels|tv)\/([\w-]+)/);
    if (m) return `instagram.com/p/${m[2]}`;
  }
  if (host === 'facebook.com') {
    const story = params.get('story_fbid');
    const id = params.get('id');
    if (story) return `facebook.com/story/${story}`;
    const m = path.match(/\/(?:posts|videos|permalink|reel)\/([\w.-]+)/);
    if (m) return `facebook.com/story/${m[1]}`;
    const v = params.get('v');
    if (path === '/watch' && v) return `facebook.com/story/${v}`;
    if (path === '/permalink.php' && id && story) return `facebook.com/story/${story}`;
  }
  if (host === 't.me') {
    const m = path.match(/^\/(?:s\/)?([\w]+)\/(\d+)/);
    if (m) return `t.me/${m[1]!.toLowerCase()}/${m[2]}`;
  }
  return null;
}

/**
 * Normalises a link so that two links to the same thing compare equal: scheme, host case and
 * mobile variants, trailing slashes, fragments, tracking parameters, and the canonical id inside
 * links to a post on the big platforms. Short links are kept as they are (no network lookups).
 * Returns null for something that is not an http(s) URL.
 */
export function normalizeUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = canonicalHost(url.hostname);
  const platform = canonicalPlatformPath(host, url);
  if (platform) return platform;

  const kept = [...url.searchParams.entries()]
    .filter(([key]) => !key.toLowerCase().startsWith('utm_') && !TRACKING_PARAMS.has(key.toLowerCase()))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  let path = decodeSafe(url.pathname).replace(/\/+$/, '');
  if (path === '') path = '';
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
