import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LocaleInput, SessionUser, SignInInput, UnauthorizedError } from '@sitroom/core';
import { createSession, deleteSession, findUserById, findUserForSignIn, generateSessionToken, setUserLocale, verifyPassword } from '@sitroom/db';
import { SESSION_COOKIE, requireUser } from '../plugins/auth.plugin.ts';
import { signInThrottle, TooManyAttemptsError } from '../services/signin-throttle.ts';

// Spent on unknown emails too, so response time does not tell which emails exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/auth/session', {
    schema: { tags: ['auth'], summary: 'Sign in', body: SignInInput, response: { 200: SessionUser } },
  }, async (request, reply) => {
    const { email, password } = request.body;
    const throttle = signInThrottle(app.redis, app.config.REDIS_PREFIX);
    const redisDown = (err: unknown) => request.log.warn({ err: (err as Error).message }, 'sign-in throttle unavailable (Redis)');
    await throttle.assertAllowed(email, request.ip).catch((err: unknown) => {
      if (err instanceof TooManyAttemptsError) throw err;
      redisDown(err);
    });
    const candidate = await findUserForSignIn(app.db, email);
    const ok = await verifyPassword(password, candidate?.passwordHash ?? DUMMY_HASH);
    if (!candidate || !ok) {
      await throttle.recordFailure(email, request.ip).catch(redisDown);
      throw new UnauthorizedError('Wrong email or password.');
    }
    await throttle.recordSuccess(email).catch(redisDown);
    const { token, hash } = generateSessionToken();
    const ttlMs = app.config.SESSION_TTL_HOURS * 3600_000;
    await createSession(app.db, { id: hash, userId: candidate.id, expiresAt: new Date(Date.now() + ttlMs) });
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: app.config.COOKIE_SECURE, maxAge: ttlMs / 1000,
    });
    const user = await findUserById(app.db, candidate.id);
    return user!;
  });

  app.get('/auth/session', {
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: SessionUser } },
    onRequest: requireUser(),
  }, async (request) => {
    if (request.principal?.kind !== 'user') throw new UnauthorizedError();
    return request.principal.user;
  });

  app.delete('/auth/session', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    if (request.principal?.kind === 'user') {
      await deleteSession(app.db, request.principal.sessionHash);
      // Its live sockets too, on every API process: they no longer get events.
      app.endLiveSessions({ sessionHash: request.principal.sessionHash });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.patch('/auth/session', {
    schema: { tags: ['auth'], summary: 'Remember the interface language of the signed-in user', body: LocaleInput, response: { 200: SessionUser } },
    onRequest: requireUser(),
  }, async (request) => {
    if (request.principal?.kind !== 'user') throw new UnauthorizedError();
    await setUserLocale(app.db, request.principal.user.id, request.body.locale);
    const user = await findUserById(app.db, request.principal.user.id);
    return user!;
  });
};
