import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem, api, ok } from './api/client';
import { LANGUAGES, setLanguage, type Language } from './i18n';
import { ApiKeys } from './pages/ApiKeys';
import { ChooseParty } from './pages/ChooseParty';
import { CollaborationMapPage } from './pages/CollaborationMap';
import { Health } from './pages/Health';
import { Introductions } from './pages/Introductions';
import { Criteria } from './pages/Criteria';
import { Import } from './pages/Import';
import { Items } from './pages/Items';
import { Settings } from './pages/Settings';
import { SignIn } from './pages/SignIn';
import { Suggestions } from './pages/Suggestions';
import { ProblemMessage } from './pages/ProblemMessage';
import { navigate, usePath } from './router';

/** The pages each kind of user has, in the header's order: path and label key. */
const PARTY_PAGES = [
  ['/', 'nav.suggestions'],
  ['/introductions', 'nav.introductions'],
  ['/items', 'nav.items'],
  ['/settings', 'nav.settings'],
] as const;
const OPERATOR_PAGES = [
  ['/', 'nav.health'],
  ['/import', 'nav.import'],
  ['/criteria', 'nav.criteria'],
  ['/map', 'nav.map'],
  ['/api-keys', 'nav.keys'],
] as const;

export function App() {
  const { t, i18n } = useTranslation();
  const path = usePath();
  const client = useQueryClient();
  const session = useQuery({
    queryKey: ['session'],
    queryFn: () => ok(api.GET('/v1/auth/session')),
    retry: false,
  });
  const signedOut = session.error instanceof ApiProblem && session.error.status === 401;

  const go = (e: MouseEvent, to: string) => {
    e.preventDefault();
    navigate(to);
  };
  const signOut = async () => {
    await api.DELETE('/v1/auth/session');
    client.clear();
    navigate('/sign-in');
  };

  let page;
  // A digest's link (/suggestions/<id>) opens that suggestion; signed out, sign in first and come back.
  const focus = /^\/suggestions\/([\w-]+)/.exec(path)?.[1] ?? null;
  if (path.startsWith('/sign-in')) page = <SignIn />;
  else if (signedOut) page = <SignIn returnTo={path} />;
  else if (session.isPending) page = <p role="status">{t('app.loading')}</p>;
  else if (session.error)
    page = <ProblemMessage error={session.error} retry={() => void session.refetch()} />;
  else if (!session.data.role) page = <ChooseParty session={session.data} />;
  else if (session.data.role === 'operator')
    page = path.startsWith('/import') ? (
      <Import />
    ) : path.startsWith('/criteria') ? (
      <Criteria />
    ) : path.startsWith('/map') ? (
      <CollaborationMapPage />
    ) : path.startsWith('/api-keys') ? (
      <ApiKeys />
    ) : (
      <Health />
    );
  else if (path.startsWith('/introductions')) page = <Introductions />;
  else if (path.startsWith('/items')) page = <Items session={session.data} />;
  else if (path.startsWith('/settings')) page = <Settings session={session.data} />;
  else page = <Suggestions session={session.data} focus={focus} />;

  return (
    <>
      <header className="bar">
        <a className="brand" href="/">
          {t('app.title')}
        </a>
        {session.data?.role && (
          <nav aria-label={t('app.title')}>
            {(session.data.role === 'operator' ? OPERATOR_PAGES : PARTY_PAGES).map(
              ([to, label]) => (
                <a key={to} href={to} onClick={(e) => go(e, to)}>
                  {t(label)}
                </a>
              ),
            )}
          </nav>
        )}
        <label className="lang">
          {t('app.language')}{' '}
          <select
            value={i18n.language}
            onChange={(e) => void setLanguage(e.target.value as Language)}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {new Intl.DisplayNames([l], { type: 'language' }).of(l)}
              </option>
            ))}
          </select>
        </label>
        {session.data && (
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        )}
      </header>
      <main>{page}</main>
    </>
  );
}
