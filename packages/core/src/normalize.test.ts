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
