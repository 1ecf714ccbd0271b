import { UsageError } from './args.ts';
import { migrate, migrateDownCommand } from './commands/migrate.ts';
import { seedDemoCommand } from './commands/seed-demo.ts';
import { deskCreate, orgCreate, userCreate } from './commands/directory.ts';
import { keyCreate, keyList, keyRevoke } from './commands/keys.ts';
import { demoStream } from './commands/demo-stream.ts';
import { start } from './commands/start.ts';
import type { Command } from './commands/command.ts';
import { ConfigError, loadConfig } from './config.ts';
import { CliError, type CommandContext } from './context.ts';

const COMMANDS: readonly Command[] = [
  start, migrate, migrateDownCommand, seedDemoCommand, orgCreate, deskCreate, userCreate, keyCreate, keyList, keyRevoke, demoStream,
];

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    'usage: pnpm sitroom <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    `  ${'help'.padEnd(width)}  this list; \`pnpm sitroom help <command>\` for one command's options`,
    '',
    'environment: DATABASE_URL, REDIS_URL, REDIS_PREFIX (sitroom), PORT (3000), HOST (127.0.0.1)',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `${command.spec.summary}\n\nusage: pnpm sitroom ${command.spec.usage}`;
}

/** Runs one command line; resolves to the process exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const note = (line: string) => process.stderr.write(`${line}\n`);

  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = rest[0] && COMMANDS.find((c) => c.spec.name === rest[0]);
    if (rest[0] && !target) {
      note(`sitroom: unknown command "${rest[0]}"\n\n${helpText()}`);
      return 2;
    }
    out(target ? commandHelp(target) : helpText());
    return 0;
  }
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    note(`sitroom: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(commandHelp(command));
    return 0;
  }

  try {
    const ctx: CommandContext = { config: loadConfig(), out, note };
    return (await command.run(rest, ctx)) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      note(`sitroom ${name}: ${err.message}${err.usage ? `\nusage: pnpm sitroom ${err.usage}` : ''}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      note(`sitroom: ${err.message}`);
      return 2;
    }
    if (err instanceof CliError) {
      note(`sitroom ${name}: ${err.message}`);
      return 1;
    }
    note(`sitroom ${name}: unexpected error`);
    note(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
