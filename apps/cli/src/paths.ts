import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, whatever directory the command was started from. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Local state of `sitroom start` (gitignored): embedded Postgres, spawned Redis, demo keys. */
export const DATA_DIR = path.join(REPO_ROOT, '.data');
export const DEMO_KEYS_FILE = path.join(DATA_DIR, 'demo-keys.json');
export const LOCAL_SERVICES_FILE = path.join(DATA_DIR, 'local-services.json');
