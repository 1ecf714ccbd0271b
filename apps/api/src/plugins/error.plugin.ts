import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { AppError, detailsFromZodIssues, type ErrorBody } from '@sitroom/core';
import type { z } from 'zod';

/** Marker a validator puts on its error so the handler can report zod's issues. */
export const ZOD_ISSUES = Symbol('zodIssues');
export type ValidationFailure = Error & { [ZOD_ISSUES]: z.core.$ZodIssue[] };

const DB_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '53300']);

/** A Postgres outage looks like a connection error from the driver or pool, never like bad input. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string };
  if (e.code && (DB_UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(e.message ?? '');
}

const pgCode = (err: unknown) => (err as { code?: string } | null)?.code;
/** A unique constraint refused the row (Postgres 23505): a duplicate name, email or term. */
export const isUniqueViolation = (err: unknown) => pgCode(err) === '23505';
/** A foreign key refused the row (Postgres 23503): it names something that does not exist. */
export const isForeignKeyViolation = (err: unknown) => pgCode(err) === '23503';

function body(code: string, message: string, details?: ErrorBody['error']['details']): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

/** One error handler: domain errors, validation errors and Fastify's own 4xx become PRODUCT.md's error shape. */
export const errorPlugin = fp(async (app) => {
  app.setErrorHandler((err: FastifyError & Partial<ValidationFailure>, request, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return reply.status(err.statusCode).send(body(err.code, err.message, err.details));
    }
    if (err[ZOD_ISSUES]) {
      const where = err.validationContext ?? 'body';
      const details = detailsFromZodIssues(err[ZOD_ISSUES]);
      return reply
        .status(400)
        .send(body('validation_failed', `The request ${where} is invalid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(body('payload_too_large', `The request body is larger than ${app.config.BODY_LIMIT_BYTES} bytes.`));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(body('unsupported_media_type', 'Send the body as application/json.'));
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      return reply.status(400).send(body('invalid_json', 'The request body is not valid JSON.', [{ path: '(body)', message: 'is not valid JSON' }]));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err: { code: (err as { code?: string }).code } }, 'database unavailable');
      reply.header('retry-after', '5');
      return reply.status(503).send(body('service_unavailable', 'The database is unavailable; nothing was stored. Try again shortly.'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body(String(err.code ?? 'bad_request').toLowerCase(), err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal_error', 'Something went wrong on our side. It has been logged.'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)),
  );
});
