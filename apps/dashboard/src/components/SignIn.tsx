import { useId, useRef, useState, type FormEvent } from 'react';
import type { ErrorDetail, SessionUser } from '@sitroom/core';
import { ApiError, signIn } from '../api.ts';
import { LanguageSwitch, useT } from '../i18n/index.ts';

interface Props {
  notice?: string | undefined;
  onSignedIn(user: SessionUser): void;
}

export function SignIn({ notice, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const { t } = useT();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const user = await signIn(email.trim(), password);
      onSignedIn(user);
    } catch (caught) {
      const failure = caught instanceof ApiError
        ? {
            message: caught.status === 401 ? t('signin.wrong') : caught.message,
            details: caught.details,
          }
        : { message: t('signin.failed'), details: [] };
      setError(failure);
      setPending(false);
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  }

  const fieldError = (field: string) => error?.details.find((detail) => detail.path === field)?.message;
  const emailError = fieldError('email');
  const passwordError = fieldError('password');

  return (
    <main className="signin-page">
      <div className="signin-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <span>Sitroom</span>
        </div>
        <LanguageSwitch className="signin-language" />
        <h1>{t('signin.title')}</h1>
        <p className="muted">{t('signin.intro')}</p>
        {notice && !error && (
          <div className="notice notice-info" role="status">
            {notice}
          </div>
        )}
        {error && (
          <div className="notice notice-error" role="alert" tabIndex={-1} ref={errorRef}>
            {error.message}
          </div>
        )}
        <form data-testid="signin-form" className="signin-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('signin.email')}</label>
            <input
              id={`${id}-email`}
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={emailError ? true : undefined}
              aria-describedby={emailError ? `${id}-email-error` : undefined}
            />
            {emailError && (
              <p className="field-error" id={`${id}-email-error`}>
                {t('signin.fieldError', { field: t('signin.email'), message: emailError })}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t('signin.password')}</label>
            <input
              id={`${id}-password`}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={passwordError ? true : undefined}
              aria-describedby={passwordError ? `${id}-password-error` : undefined}
            />
            {passwordError && (
              <p className="field-error" id={`${id}-password-error`}>
                {t('signin.fieldError', { field: t('signin.password'), message: passwordError })}
              </p>
            )}
          </div>
          <button type="submit" className="button button-primary button-block" disabled={pending}>
            {pending ? t('signin.pending') : t('signin.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
