import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../api/client';
import { economyName } from '../economies';
import { ProblemMessage } from './ProblemMessage';

type Introduction = Schemas['IntroductionResponse'];
type Decision = 'accept' | 'decline' | 'withdraw';

/** Introductions asked and received: answer, withdraw, and the contacts once both agreed. */
export function Introductions() {
  const { t } = useTranslation();
  const [direction, setDirection] = useState<'received' | 'sent'>('received');
  const list = useQuery({
    queryKey: ['introductions', direction],
    queryFn: () => ok(api.GET('/v1/introductions', { params: { query: { direction } } })),
  });
  return (
    <section>
      <h1>{t('intros.heading')}</h1>
      <div className="filters" role="group" aria-label={t('intros.heading')}>
        {(['received', 'sent'] as const).map((d) => (
          <button
            key={d}
            type="button"
            aria-pressed={direction === d}
            onClick={() => setDirection(d)}
          >
            {t(`intros.${d}`)}
          </button>
        ))}
      </div>
      {list.isPending && <p role="status">{t('app.loading')}</p>}
      {list.error && <ProblemMessage error={list.error} retry={() => void list.refetch()} />}
      {list.data && !list.data.items.length && <p>{t('intros.empty')}</p>}
      <ul className="suggestions">
        {list.data?.items.map((i) => (
          <IntroductionCard key={i.id} intro={i} />
        ))}
      </ul>
    </section>
  );
}

function IntroductionCard({ intro }: { intro: Introduction }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const other = intro.yourSide === 'requester' ? intro.target : intro.requester;
  // Contacts come only with one introduction, and only once both sides agreed.
  const detail = useQuery({
    queryKey: ['introduction', intro.id],
    queryFn: () => ok(api.GET('/v1/introductions/{id}', { params: { path: { id: intro.id } } })),
    enabled: intro.status === 'accepted',
  });
  const path = { params: { path: { id: intro.id } }, body: {} };
  const decide = useMutation({
    mutationFn: (d: Decision) =>
      ok(
        d === 'accept'
          ? api.POST('/v1/introductions/{id}/accept', path)
          : d === 'decline'
            ? api.POST('/v1/introductions/{id}/decline', path)
            : api.POST('/v1/introductions/{id}/withdraw', path),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['introductions'] }),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const contact = detail.data?.contacts?.[intro.yourSide === 'requester' ? 'target' : 'requester'];
  return (
    <li className="card" aria-label={other.name}>
      <h2>
        {other.name} <span className="economy">({economyName(other.economy)})</span>
      </h2>
      <p>
        {t(`intros.status.${intro.status}`)} · {date.format(new Date(intro.createdAt))}
      </p>
      <blockquote>{intro.message}</blockquote>
      {contact && (
        <dl className="facts">
          <dt>{t('intros.contact')}</dt>
          <dd>{contact.contactName ?? '—'}</dd>
          <dt>{t('intros.email')}</dt>
          <dd>
            {contact.contactEmail ? (
              <a href={`mailto:${contact.contactEmail}`}>{contact.contactEmail}</a>
            ) : (
              '—'
            )}
          </dd>
        </dl>
      )}
      {intro.status === 'pending' && (
        <div className="actions">
          {intro.yourSide === 'target' && (
            <>
              <button type="button" onClick={() => decide.mutate('accept')}>
                {t('intros.accept')}
              </button>
              <button type="button" onClick={() => decide.mutate('decline')}>
                {t('intros.decline')}
              </button>
            </>
          )}
          {intro.yourSide === 'requester' && (
            <button type="button" onClick={() => decide.mutate('withdraw')}>
              {t('intros.withdraw')}
            </button>
          )}
        </div>
      )}
      {decide.error && <ProblemMessage error={decide.error} />}
    </li>
  );
}
