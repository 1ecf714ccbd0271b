import { describe, expect, it } from 'vitest';
import { normalizeClaim, normalizeUrl, normalizeUrls } from './normalize.ts';

describe('normalizeUrl', () => {
  it.each([
    ['HTTPS://WWW.Example.org/a/b/', 'example.org/a/b'],
    ['http://example.org/a#section', 'example.org/a'],
    ['https://example.org/a?utm_source=x&utm_medium=y&id=3', 'example.org/a?id=3'],
    ['https://example.org/a?b=2&a=1', 'example.org/a?a=1&b=2'],
    ['https://m.facebook.com/groups/x/posts/123/?fbclid=abc', 'facebook.com/story/123'],
    ['https://www.facebook.com/permalink.php?story_fbid=123&id=9', 'facebook.com/story/123'],
    ['https://twitter.com/someone/status/1790000000000000000?s=20', 'x.com/status/1790000000000000000'],
    ['https://mobile.x.com/other/status/1790000000000000000', 'x.com/status/1790000000000000000'],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', 'youtube.com/watch/dQw4w9WgXcQ'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share', 'youtube.com/watch/dQw4w9WgXcQ'],
    ['https://youtube.com/shorts/dQw4w9WgXcQ', 'youtube.com/watch/dQw4w9WgXcQ'],
    ['https://www.tiktok.com/@user/video/7300000000000000000?is_from_webapp=1', 'tiktok.com/video/7300000000000000000'],
    ['https://www.instagram.com/reel/Cabc123/?igshid=xyz', 'instagram.com/p/Cabc123'],
    ['https://bit.ly/3abcDEF', 'bit.ly/3abcDEF'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  describe('one rule at a time', () => {
    it.each([
      ['scheme: http and https are the same link', 'http://example.org/a', 'https://example.org/a'],
      ['host case and a trailing dot', 'https://EXAMPLE.org./a', 'https://example.org/a'],
      ['default ports', 'https://example.org:443/a', 'http://example.org:80/a'],
      ['www. on any site', 'https://www.example.org/a', 'https://example.org/a'],
      ['m. and mobile. on any site', 'https://m.example.org/a', 'https://mobile.example.org/a'],
      ['mbasic./web./touch. on Facebook', 'https://mbasic.facebook.com/page/posts/1', 'https://web.facebook.com/page/posts/1'],
      ['touch. on Facebook', 'https://touch.facebook.com/page/posts/1', 'https://facebook.com/page/posts/1'],
      ['m. on YouTube', 'https://m.youtube.com/watch?v=abcdefghijk', 'https://www.youtube.com/watch?v=abcdefghijk'],
      ['m. on TikTok', 'https://m.tiktok.com/@a/video/7300000000000000001', 'https://www.tiktok.com/@a/video/7300000000000000001'],
      ['trailing slashes', 'https://example.org/a///', 'https://example.org/a'],
      ['fragments', 'https://example.org/a#comments', 'https://example.org/a'],
      ['utm_* parameters', 'https://example.org/a?utm_source=wa&utm_medium=social&UTM_Campaign=x', 'https://example.org/a'],
      ['fbclid', 'https://example.org/a?fbclid=IwAR0abc', 'https://example.org/a'],
      ['gclid and msclkid', 'https://example.org/a?gclid=1&msclkid=2', 'https://example.org/a'],
      ['igshid and igsh', 'https://example.org/a?igshid=1&igsh=2', 'https://example.org/a'],
      ['si', 'https://example.org/a?si=Xyz', 'https://example.org/a'],
      ["Facebook's __cft__[0] and __tn__", 'https://www.facebook.com/some.page/about?__cft__[0]=AZX&__tn__=%2CO%2CP-R', 'https://facebook.com/some.page/about'],
      ['platform-only parameters (s, t, feature) on a platform', 'https://x.com/someone?s=20&t=abc', 'https://x.com/someone'],
      ['query order', 'https://example.org/a?b=2&a=1', 'https://example.org/a?a=1&b=2'],
      ['percent-encoded path', 'https://example.org/elecci%C3%B3n', 'https://example.org/elección'],
    ])('%s', (_rule, a, b) => {
      expect(normalizeUrl(a)).toBe(normalizeUrl(b));
    });

    it('keeps parameters that may carry meaning off the platforms', () => {
      expect(normalizeUrl('https://news.example.org/?s=fraude')).toBe('news.example.org?s=fraude');
      expect(normalizeUrl('https://example.org/article?id=7')).not.toBe(normalizeUrl('https://example.org/article?id=8'));
    });

    it('keeps web./l. on sites other than the big platforms', () => {
      expect(normalizeUrl('https://web.archive.org/web/2026/x')).toBe('web.archive.org/web/2026/x');
    });
  });

  describe('canonical ids in platform links', () => {
    it.each([
      // Facebook: posts, group permalinks, story.php, photos, videos with a title, watch, reels
      ['https://www.facebook.com/page/posts/123456', 'facebook.com/story/123456'],
      ['https://m.facebook.com/groups/eleccion/permalink/123456/', 'facebook.com/story/123456'],
      ['https://m.facebook.com/story.php?story_fbid=123456&id=100&mibextid=abc', 'facebook.com/story/123456'],
      ['https://www.facebook.com/photo/?fbid=123456&set=a.1', 'facebook.com/story/123456'],
      ['https://www.facebook.com/photo.php?fbid=123456', 'facebook.com/story/123456'],
      ['https://www.facebook.com/page/videos/fraude-en-el-alto/123456/', 'facebook.com/story/123456'],
      ['https://www.facebook.com/watch/?v=123456', 'facebook.com/story/123456'],
      ['https://web.facebook.com/reel/123456?s=yWDuG2', 'facebook.com/story/123456'],
      ['https://fb.com/page/posts/123456', 'facebook.com/story/123456'],
      ['https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.example.org%2Fnota%3Futm_source%3Dfb&h=AT0', 'example.org/nota'],
      // X / Twitter: user, i/web, i/status, photo suffix, the embed-fixing mirrors
      ['https://twitter.com/i/web/status/1790000000000000000', 'x.com/status/1790000000000000000'],
      ['https://x.com/i/status/1790000000000000000', 'x.com/status/1790000000000000000'],
      ['https://x.com/someone/status/1790000000000000000/photo/1', 'x.com/status/1790000000000000000'],
      ['https://fxtwitter.com/someone/status/1790000000000000000', 'x.com/status/1790000000000000000'],
      ['https://vxtwitter.com/someone/status/1790000000000000000', 'x.com/status/1790000000000000000'],
      // YouTube: watch with a trailing slash and a time, live, embed, nocookie, m.
      ['https://www.youtube.com/watch/?v=dQw4w9WgXcQ&t=42s', 'youtube.com/watch/dQw4w9WgXcQ'],
      ['https://www.youtube.com/live/dQw4w9WgXcQ?si=x', 'youtube.com/watch/dQw4w9WgXcQ'],
      ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'youtube.com/watch/dQw4w9WgXcQ'],
      ['https://m.youtube.com/watch?v=dQw4w9WgXcQ&pp=ygU', 'youtube.com/watch/dQw4w9WgXcQ'],
      // TikTok: photo posts, embeds, old mobile links
      ['https://www.tiktok.com/@user/photo/7300000000000000000', 'tiktok.com/video/7300000000000000000'],
      ['https://www.tiktok.com/embed/v2/7300000000000000000', 'tiktok.com/video/7300000000000000000'],
      ['https://m.tiktok.com/v/7300000000000000000.html', 'tiktok.com/video/7300000000000000000'],
      // Instagram: p, reels, tv, a username in front, instagr.am
      ['https://www.instagram.com/p/Cabc123/?img_index=1&igsh=x', 'instagram.com/p/Cabc123'],
      ['https://instagram.com/reels/Cabc123/', 'instagram.com/p/Cabc123'],
      ['https://www.instagram.com/someone/p/Cabc123/', 'instagram.com/p/Cabc123'],
      ['https://instagr.am/p/Cabc123', 'instagram.com/p/Cabc123'],
      // Telegram: public channel (case-insensitive), the web preview, telegram.me, private channels
      ['https://t.me/NoticiasBolivia/4521?single', 't.me/noticiasbolivia/4521'],
      ['https://t.me/s/noticiasbolivia/4521', 't.me/noticiasbolivia/4521'],
      ['https://telegram.me/noticiasbolivia/4521', 't.me/noticiasbolivia/4521'],
      ['https://t.me/c/1234567890/55', 't.me/c/1234567890/55'],
    ])('%s → %s', (input, expected) => {
      expect(normalizeUrl(input)).toBe(expected);
    });
  });

  describe('short links', () => {
    it.each([
      ['https://bit.ly/3abcDEF/', 'bit.ly/3abcDEF'],
      ['https://vm.tiktok.com/ZMabc123/', 'vm.tiktok.com/ZMabc123'],
      ['https://fb.watch/abcDEF12/?mibextid=x', 'fb.watch/abcDEF12'],
      ['https://t.co/AbCdEf', 't.co/AbCdEf'],
    ])('%s is kept as it is (case too): %s', (input, expected) => {
      expect(normalizeUrl(input)).toBe(expected);
    });
  });

  it('returns null for what is not an http(s) URL', () => {
    expect(normalizeUrl('mailto:a@b.c')).toBeNull();
    expect(normalizeUrl('nonsense')).toBeNull();
  });

  it('de-duplicates and sorts a report’s links', () => {
    expect(normalizeUrls(['https://b.org/', 'https://a.org', 'http://www.b.org'])).toEqual(['a.org', 'b.org']);
  });
});

describe('normalizeClaim', () => {
  it('folds case, accents, punctuation and whitespace', () => {
    expect(normalizeClaim('  ¡La MESA de votación   cambió!  ')).toBe('la mesa de votacion cambio');
  });
  it('keeps numbers, which tell one polling station from another', () => {
    expect(normalizeClaim('Mesa 12')).not.toBe(normalizeClaim('Mesa 13'));
  });
  it('drops links inside the text', () => {
    expect(normalizeClaim('fake https://x.com/a/status/1 results')).toBe('fake results');
  });
});
