import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, ok } from '../api/client';
import { navigate } from '../router';

export function SignIn({ returnTo: from }: { returnTo?: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [apiKey, setApiKey] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const linkInvalid = new URLSearchParams(location.search).get('error') === 'link-invalid';
  const returnTo = from ?? new URLSearchParams(location.search).get('returnTo') ?? undefined;

  const sendLink = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    try {
      await ok(api.POST('/v1/auth/email-link', { body: { email, returnTo } }));
      setSentTo(email);
    } catch (error) {
      setProblem(error as ApiProblem);
    }
  };
  const useKey = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    try {
      await ok(api.POST('/v1/auth/session', { body: { apiKey } }));
      setApiKey('');
      await client.invalidateQueries({ queryKey: ['session'] });
      navigate(returnTo ?? '/');
    } catch (error) {
      setProblem(error as ApiProblem);
    }
  };
  const fieldError = (field: string) => problem?.fields.find((f) => f.field === field)?.reason;

  return (
    <section className="card narrow">
      <h1>{t('signIn.heading')}</h1>
      {linkInvalid && (
        <p role="alert" className="problem">
          {t('errors.linkInvalid')}
        </p>
      )}
      <form onSubmit={(e) => void sendLink(e)}>
        <label htmlFor="email">{t('signIn.emailLabel')}</label>
        <input
          id="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          aria-describedby="email-help email-error"
          onChange={(e) => setEmail(e.target.value)}
        />
        <p id="email-help" className="help">
          {t('signIn.emailHelp')}
        </p>
        {fieldError('email') && (
          <p id="email-error" className="field-error">
            {fieldError('email')}
          </p>
        )}
        <button type="submit">{t('signIn.send')}</button>
      </form>
      {sentTo && <p role="status">{t('signIn.sent', { email: sentTo })}</p>}
      <h2>{t('signIn.operatorHeading')}</h2>
      <form onSubmit={(e) => void useKey(e)}>
        <label htmlFor="apiKey">{t('signIn.keyLabel')}</label>
        <input
          id="apiKey"
          type="password"
          autoComplete="off"
          required
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
        {problem && problem.status === 401 && <p className="field-error">{problem.message}</p>}
        <button type="submit">{t('signIn.keySubmit')}</button>
      </form>
    </section>
  );
}
