import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { ZOD_ISSUES, type ValidationFailure } from './error.plugin.ts';

/** Validates with the route's zod schema and hands zod's issues to the error handler, path by path. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data };
  const error = new Error('validation failed') as ValidationFailure;
  error[ZOD_ISSUES] = result.error.issues;
  return { error };
};
