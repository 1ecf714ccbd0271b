/** A local service (Postgres, Redis) could not be found or started; the message says what to do. */
export class ServiceError extends Error {}
