import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEMO_KEYS_FILE } from '../paths.ts';

const DemoKeysFile = z.object({
  keys: z.array(z.object({ organisation: z.string(), prefix: z.string(), key: z.string() })),
});
export type DemoKey = z.infer<typeof DemoKeysFile>['keys'][number];

/** The demo API keys seed-demo created (the database only holds their hashes). Missing file: none. */
export async function readDemoKeys(file = DEMO_KEYS_FILE): Promise<DemoKey[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const parsed = DemoKeysFile.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data.keys : [];
}

export async function writeDemoKeys(keys: DemoKey[], file = DEMO_KEYS_FILE): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const body = {
    note: 'Demo API keys written by `pnpm sitroom seed-demo` for the local demo stream. Not for real use.',
    keys,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
}
