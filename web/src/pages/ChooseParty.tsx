import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../api/client';
import { navigate } from '../router';

export function ChooseParty({ session }: { session: Schemas['SessionResponse'] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const choose = async (partyKey: string) => {
    await ok(api.POST('/v1/auth/session/party', { body: { partyKey } }));
    await client.invalidateQueries({ queryKey: ['session'] });
    navigate('/');
  };
  return (
    <section className="card narrow">
      <h1>{t('choose.heading')}</h1>
      <p>{t('choose.help')}</p>
      <ul className="choices">
        {session.choices.map((c) => (
          <li key={c.partyKey}>
            <button type="button" onClick={() => void choose(c.partyKey)}>
              {c.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
