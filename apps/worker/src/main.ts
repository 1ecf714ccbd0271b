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
