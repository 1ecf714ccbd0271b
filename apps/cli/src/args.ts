import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A mistake in how a command was called: printed with the command's usage, exit status 2. */
export class UsageError extends Error {
  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}

export interface CommandSpec<O extends OptionsConfig = OptionsConfig> {
  name: string;
  summary: string;
  /** One line per form, without the leading `sitroom`. */
  usage: string;
  options: O;
  /** Names of the positional arguments; more or fewer than `required` of them is a usage error. */
  positionals?: { names: string[]; required: number };
}

/**
 * Parses a command's arguments strictly. A bare `--` is dropped for commands without positionals,
 * because `pnpm start -- --no-demo` may hand it through; where positionals exist it keeps its usual
 * meaning (end of options), so `key:revoke -- -AbC1234` works for prefixes starting with a dash.
 */
export function parseCommandArgs<O extends OptionsConfig>(spec: CommandSpec<O>, argv: readonly string[]) {
  const names = spec.positionals?.names ?? [];
  const args = names.length === 0 ? argv.filter((a) => a !== '--') : [...argv];
  let parsed;
  try {
    parsed = parseArgs({ args, options: spec.options, allowPositionals: names.length > 0, strict: true });
  } catch (err) {
    throw new UsageError(describeParseError(err), spec.usage);
  }
  const required = spec.positionals?.required ?? 0;
  if (parsed.positionals.length < required) {
    throw new UsageError(`missing <${names[parsed.positionals.length] ?? 'argument'}>`, spec.usage);
  }
  if (parsed.positionals.length > names.length) {
    throw new UsageError(`unexpected argument "${parsed.positionals[names.length]}"`, spec.usage);
  }
  return parsed;
}

function describeParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // node's messages are long and mention "args"; keep the first sentence and point at help.
  const first = message.split('. ')[0] ?? message;
  return first.replace(/^Unknown option '([^']+)'.*$/, 'unknown option $1').replace(/^Option '([^']+)'/, 'option $1');
}

/** Validates parsed option values with a zod schema; issues become a usage error naming the flag. */
export function validateOptions<S extends z.ZodType>(spec: CommandSpec, schema: S, values: unknown): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const flag = i.path.length ? `--${String(i.path[0])}` : 'arguments';
    return `${flag}: ${i.message}`;
  });
  throw new UsageError(lines.join('\n'), spec.usage);
}

/** Splits `a,b, c` into trimmed non-empty items. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
