import { setPriority } from 'node:os';
import pino from 'pino';
import { loadWorkerConfig } from './config.ts';
import { startWorker } from './worker.ts';

const SHUTDOWN_GRACE_MS = 15_000;

let config;
try {
  config = loadWorkerConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const log = pino({ level: config.LOG_LEVEL, name: 'worker' });
if (config.WORKER_NICE > 0) {
  try {
    // The main thread, where the JavaScript (and nearly all of the worker's CPU) runs.
    setPriority(config.WORKER_NICE);
    log.info({ nice: config.WORKER_NICE }, 'worker runs at a lower CPU priority');
  } catch (err) {
    log.warn({ err: (err as Error).message, nice: config.WORKER_NICE }, 'could not lower the worker\'s CPU priority; running at the default');
  }
}
const running = await startWorker(config, log);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing jobs in progress');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.close().then(() => process.exit(0), (err: unknown) => {
      log.error({ err }, 'error during shutdown');
      process.exit(1);
    });
  });
}
