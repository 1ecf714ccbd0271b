import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs a TypeScript entry file with `node --import tsx`, prefixing each output line with
 * `[name]`. The child gets its own process group, so a Ctrl-C in the terminal reaches only
 * `sitroom start`, which then stops the children in order; an exit hook still kills them if this
 * process dies another way.
 */
export function spawnApp(options: { name: string; entry: string; cwd: string; env: Record<string, string>; write: (line: string) => void }): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `[${options.name}]`;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => options.write(`${prefix} ${line}`));
  }
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      running = false;
      options.write(`${prefix} could not start: ${err.message}`);
      resolve('error');
    });
  });
  const killOnExit = () => {
    if (running) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  return {
    name: options.name,
    child,
    exited,
    async stop(graceMs = 15_000) {
      if (running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => running && child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
    },
  };
}
