import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '@sitroom/db';
import { ADMIN_DATABASE_URL, databaseUrl, uniqueName } from './env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Once per run: a migrated template database. Each test file clones it into a database of its
 * own (CREATE DATABASE ... TEMPLATE), so files never share state; the template is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const template = uniqueName('sitroom_tpl');
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  await migrateToLatest(databaseUrl(template));
  project.provide('templateDatabase', template);

  return async () => {
    const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`drop database if exists "${template}" with (force)`);
    } finally {
      await client.end();
    }
  };
}
