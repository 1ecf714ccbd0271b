/**
 * The bare pipeline the real stack is compared with, run as a child process:
 *   role=api     a Fastify JSON route (`POST /echo`), a route that only `queue.add`s (`POST /r`),
 *                and a socket.io server with the Redis adapter;
 *   role=worker  a BullMQ worker that inserts one row per job and emits through the Redis emitter.
 * Env: ROLE, PORT, DATABASE_URL, REDIS_URL, PREFIX.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';

const { ROLE, PORT = '0', DATABASE_URL = '', REDIS_URL = 'redis://127.0.0.1:6379', PREFIX = 'bare' } = process.env;
const url = new URL(REDIS_URL);
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
const socketKey = `${PREFIX}:socket.io`;
const body = {
  type: 'object',
  required: ['claim', 'platform', 'language', 'category'],
  properties: { claim: { type: 'string', maxLength: 5000 }, platform: { type: 'string' }, language: { type: 'string' }, category: { type: 'string' }, urls: { type: 'array', items: { type: 'string' } } },
} as const;

async function api() {
  const app = Fastify({ logger: false });
  const queue = new Queue('bare', { connection, prefix: `${PREFIX}:bull` });
  app.post('/echo', { schema: { body: { type: 'object' } } }, async () => ({ ok: true }));
  app.post('/r', { schema: { body } }, async (_request, reply) => {
    const id = randomUUID();
    await queue.add('r', { id }, { jobId: id, removeOnComplete: true });
    return reply.status(202).send({ id, status: 'queued' });
  });
  const pub = new Redis(REDIS_URL);
  const io = new Server(app.server, { adapter: createAdapter(pub, pub.duplicate(), { key: socketKey }) });
  io.on('connection', (socket) => {
    socket.join('all');
    socket.emit('ready', {});
  });
  await app.listen({ port: Number(PORT), host: '127.0.0.1' });
  process.send?.({ ready: true });
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

async function worker() {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
  await pool.query('create table if not exists bare_reports (id uuid primary key, received_at timestamptz not null default now())');
  const emitter = new Emitter(new Redis(REDIS_URL), { key: socketKey });
  const w = new Worker('bare', async (job) => {
    await pool.query('insert into bare_reports (id) values ($1)', [job.data.id]);
    emitter.to('all').emit('done', { reportId: job.data.id, at: new Date().toISOString() });
  }, { connection, prefix: `${PREFIX}:bull`, concurrency: 16 });
  await w.waitUntilReady();
  process.send?.({ ready: true });
  const stop = () => void w.close().then(() => pool.end()).finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await (ROLE === 'api' ? api() : worker());
