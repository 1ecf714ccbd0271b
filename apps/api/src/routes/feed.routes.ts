import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPublishedRebuttals } from '@sitroom/db';

const FEED_SIZE = 50;

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const VERDICT_LABEL: Record<string, string> = {
  false: 'False', misleading: 'Misleading', missing_context: 'Missing context', true: 'True', unverifiable: 'Unverifiable',
};

/** A public, read-only feed of published rebuttals (JSON Feed 1.1 and RSS 2.0), each linking its ClaimReview. */
export const feedRoutes: FastifyPluginAsyncZod = async (app) => {
  async function items(base: string) {
    const rows = await listPublishedRebuttals(app.db, FEED_SIZE);
    return rows.map((r) => ({
      id: r.id,
      url: `${base}/api/v1/incidents/${r.incidentId}/claimreview`,
      title: `${VERDICT_LABEL[r.verdict] ?? r.verdict}: ${r.title.slice(0, 140)}`,
      text: r.text,
      language: r.language,
      publishedAt: r.publishedAt!.toISOString(),
      tags: [r.category, r.verdict],
    }));
  }
  const baseOf = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`;

  app.get('/feed.json', { schema: { tags: ['feed'], summary: 'Published rebuttals as JSON Feed (public)', response: { 200: z.unknown() } } }, async (request, reply) => {
    const base = baseOf(request);
    const list = await items(base);
    return reply.type('application/feed+json; charset=utf-8').send({
      version: 'https://jsonfeed.org/version/1.1',
      title: `${app.config.PUBLISHER_NAME}: published rebuttals`,
      home_page_url: base,
      feed_url: `${base}/api/v1/feed.json`,
      items: list.map((i) => ({
        id: i.id, url: i.url, title: i.title, content_text: i.text, language: i.language, date_published: i.publishedAt, tags: i.tags,
        external_url: i.url,
      })),
    });
  });

  app.get('/feed.rss', { schema: { tags: ['feed'], summary: 'Published rebuttals as RSS 2.0 (public)' } }, async (request, reply) => {
    const base = baseOf(request);
    const list = await items(base);
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>${xml(`${app.config.PUBLISHER_NAME}: published rebuttals`)}</title>
<link>${xml(base)}</link>
<description>Answers of the electoral management body to false or harmful claims, as they are published.</description>
${list.map((i) => `<item><guid isPermaLink="false">${xml(i.id)}</guid><title>${xml(i.title)}</title><link>${xml(i.url)}</link><description>${xml(i.text)}</description><pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate>${i.tags.map((t) => `<category>${xml(t)}</category>`).join('')}</item>`).join('\n')}
</channel></rss>`;
    return reply.type('application/rss+xml; charset=utf-8').send(body);
  });
};
