import type { CommandSpec } from '../args.ts';
import type { CommandContext } from '../context.ts';

export interface Command {
  spec: CommandSpec;
  /** Resolves to the exit status (0 when omitted). */
  run(argv: readonly string[], ctx: CommandContext): Promise<number | void>;
}
