import { z } from 'zod';
import { parseCommandArgs, validateOptions } from '../args.ts';
import { CliError } from '../context.ts';
import type { CliConfig } from '../config.ts';
import { seededRandom } from '../demo/generator.ts';
import { readDemoKeys } from '../demo/keys-file.ts';
import { runDemoStream } from '../demo/stream.ts';
import type { Command } from './command.ts';

/** Where the API answers, as seen from this machine (a wildcard bind address is reached on loopback). */
export function apiBaseUrl(config: Pick<CliConfig, 'HOST' | 'PORT'>): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

export const DemoStreamOptions = z.object({
  rate: z.coerce.number({ error: 'must be a number' }).positive('must be above 0').max(200, 'must be at most 200 reports a second'),
  count: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be above 0').optional(),
  url: z.url({ error: 'must be a URL such as http://127.0.0.1:3000' }).optional(),
  seed: z.coerce.number({ error: 'must be a number' }).int().optional(),
});

export const demoStream: Command = {
  spec: {
    name: 'demo-stream',
    summary: 'post demo reports to the API with the demo keys, at a steady pace',
    usage: 'demo-stream [--rate <reports/second, default 2>] [--count <n>] [--url <api base URL>] [--seed <n>]',
    options: { rate: { type: 'string', default: '2' }, count: { type: 'string' }, url: { type: 'string' }, seed: { type: 'string' } },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const options = validateOptions(this.spec, DemoStreamOptions, values);
    const keys = await readDemoKeys();
    if (keys.length === 0) throw new CliError('no demo keys in .data/demo-keys.json; run `pnpm sitroom seed-demo` (or with --new-keys)');
    const baseUrl = options.url ?? apiBaseUrl(ctx.config);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    ctx.note(`streaming demo reports to ${baseUrl} at ${options.rate}/s${options.count ? `, ${options.count} in all` : ' until Ctrl-C'}`);
    try {
      const result = await runDemoStream({
        baseUrl,
        keys,
        rate: options.rate,
        count: options.count,
        signal: controller.signal,
        giveUpAfterMs: 30_000,
        random: options.seed === undefined ? undefined : seededRandom(options.seed),
        log: ctx.out,
      });
      ctx.note(`sent ${result.sent}, accepted ${result.accepted}, refused ${result.rejected}`);
      return result.sent > 0 && result.accepted === 0 ? 1 : 0;
    } catch (err) {
      throw new CliError((err as Error).message);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
