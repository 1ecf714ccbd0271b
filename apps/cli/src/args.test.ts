import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCommandArgs, splitList, UsageError, validateOptions, type CommandSpec } from './args.ts';
import { loadConfig } from './config.ts';

const start: CommandSpec = {
  name: 'start',
  summary: '',
  usage: 'start [--no-demo]',
  options: { 'no-demo': { type: 'boolean', default: false }, rate: { type: 'string', default: '0.5' } },
};
const revoke: CommandSpec = {
  name: 'key:revoke',
  summary: '',
  usage: 'key:revoke <id-or-prefix>',
  options: {},
  positionals: { names: ['id-or-prefix'], required: 1 },
};

describe('parseCommandArgs', () => {
  it('reads flags and defaults', () => {
    expect(parseCommandArgs(start, []).values).toEqual({ 'no-demo': false, rate: '0.5' });
    expect(parseCommandArgs(start, ['--no-demo', '--rate', '3']).values).toEqual({ 'no-demo': true, rate: '3' });
  });

  it('drops the "--" that `pnpm start -- --no-demo` may pass through', () => {
    expect(parseCommandArgs(start, ['--', '--no-demo']).values['no-demo']).toBe(true);
  });

  it('keeps "--" as end of options where positionals exist, for prefixes starting with a dash', () => {
    expect(parseCommandArgs(revoke, ['--', '-AbC1234']).positionals).toEqual(['-AbC1234']);
  });

  it('turns unknown options, missing and extra positionals into usage errors', () => {
    expect(() => parseCommandArgs(start, ['--nodemo'])).toThrow(/unknown option --nodemo/);
    expect(() => parseCommandArgs(revoke, [])).toThrow(/missing <id-or-prefix>/);
    expect(() => parseCommandArgs(revoke, ['a', 'b'])).toThrow(/unexpected argument "b"/);
    expect(() => parseCommandArgs(start, ['--rate'])).toThrow(UsageError);
  });
});

describe('validateOptions', () => {
  it('names the flag that is wrong', () => {
    const schema = z.object({ rate: z.coerce.number().positive('must be above 0') });
    expect(validateOptions(start, schema, { rate: '2' })).toEqual({ rate: 2 });
    expect(() => validateOptions(start, schema, { rate: '-1' })).toThrow('--rate: must be above 0');
  });

  it('splits comma lists', () => {
    expect(splitList('responder, approver,,')).toEqual(['responder', 'approver']);
  });
});

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ REDIS_PREFIX: 'sitroom', PORT: 3000, HOST: '127.0.0.1' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('explains bad values', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a URL like postgres:/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
  });
});
