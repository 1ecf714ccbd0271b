import { z } from 'zod';
import { ROLES } from './vocab.ts';

export const SignInInput = z.strictObject({
  email: z.email('must be an email address').max(320),
  password: z.string().min(1, 'must not be empty').max(1024),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const SessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  organisationId: z.uuid(),
  organisationName: z.string(),
  deskId: z.uuid().nullable(),
  /** The interface language the user chose (remembered on the server, for every device). */
  locale: z.enum(['en', 'es']).default('en'),
});
export type SessionUser = z.infer<typeof SessionUser>;
