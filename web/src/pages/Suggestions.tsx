import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area } from '../api/areas';
import { api, ok, type Schemas } from '../api/client';
import { economyName } from '../economies';
import { AreaFilter } from './AreaFilter';
import { ProblemMessage } from './ProblemMessage';

type Suggestion = Schemas['SuggestionResponse'];
type Feedback = Schemas['FeedbackDto']['status'];
const FEEDBACK: Feedback[] = ['useful', 'not_relevant', 'saved', 'hidden'];

/** The signed-in party's ranked suggestions: reasons, score parts, feedback, introductions. */
export function Suggestions({
  session,
  focus,
}: {
  session: Schemas['SessionResponse'];
  focus: string | null;
}) {
  const { t } = useTranslation();
  const [type, id] = (session.partyKey ?? ':').split(':') as ['cluster' | 'member', string];
  const [economy, setEconomy] = useState('');
  const [area, setArea] = useState<Area | ''>('');
  const query = {
    ...(economy ? { economy } : {}),
    ...(area ? { area: area } : {}),
    limit: 20,
  };
  const list = useQuery({
    queryKey: ['suggestions', type, id, economy, area],
    queryFn: () =>
      type === 'cluster'
        ? ok(api.GET('/v1/clusters/{id}/suggestions', { params: { path: { id }, query } }))
        : ok(api.GET('/v1/members/{id}/suggestions', { params: { path: { id }, query } })),
    enabled: !!id,
    // A list the service is still refreshing: read it again until the new one is there.
    refetchInterval: (q) => (q.state.data?.refreshing ? 3000 : false),
  });
  const items = (list.data?.items ?? []).filter((s) => s.status !== 'hidden');
  const economies = [...new Set((list.data?.items ?? []).map((s) => s.partner.economy))].sort();

  return (
    <section>
      <h1>{t('suggestions.heading')}</h1>
      <div className="filters">
        <label>
          {t('suggestions.economy')}{' '}
          <select value={economy} onChange={(e) => setEconomy(e.target.value)}>
            <option value="">{t('suggestions.all')}</option>
            {economies.map((e) => (
              <option key={e} value={e}>
                {economyName(e)}
              </option>
            ))}
          </select>
        </label>
        <AreaFilter value={area} onChange={setArea} />
      </div>
      {list.isPending && <p role="status">{t('app.loading')}</p>}
      {list.error && <ProblemMessage error={list.error} retry={() => void list.refetch()} />}
      {list.data?.refreshing && <p role="status">{t('suggestions.refreshing')}</p>}
      {list.data && !items.length && <p>{t('suggestions.empty')}</p>}
      <ol className="suggestions">
        {items.map((s) => (
          <SuggestionCard key={s.id} s={s} focused={s.id === focus} />
        ))}
      </ol>
    </section>
  );
}

function SuggestionCard({ s, focused }: { s: Suggestion; focused: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [message, setMessage] = useState('');
  const [done, setDone] = useState(false);
  const feedback = useMutation({
    mutationFn: (status: Feedback) =>
      ok(
        api.POST('/v1/suggestions/{id}/feedback', {
          params: { path: { id: s.id } },
          body: { status },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['suggestions'] }),
  });
  const intro = useMutation({
    mutationFn: () => ok(api.POST('/v1/introductions', { body: { suggestionId: s.id, message } })),
    onSuccess: () => {
      setAsking(false);
      setDone(true);
    },
  });
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' });
  const parts = Object.entries(s.parts)
    .filter(([, p]) => p.contribution > 0)
    .sort((a, b) => b[1].contribution - a[1].contribution)
    .slice(0, 5);

  return (
    <li className={focused ? 'card focused' : 'card'} id={s.id} aria-label={s.partner.name}>
      <h2>
        {s.rank}. {s.partner.name} <span className="economy">({s.partner.economyName})</span>
      </h2>
      <p className="score">{t('suggestions.score', { score: number.format(s.score) })}</p>
      <p className="reason">{s.reason}</p>
      {s.partner.sectors.length > 0 ? (
        <p>
          {t('suggestions.sectors')}: {s.partner.sectors.join(', ')}
        </p>
      ) : (
        s.partner.inferredSectors.length > 0 && (
          <p>
            {t('suggestions.sectors')}:{' '}
            {s.partner.inferredSectors.map((x, i) => (
              <span key={x.code}>
                {i > 0 && ', '}
                {x.code}{' '}
                <em className="inferred">
                  {t('suggestions.inferred', { confidence: percent.format(x.confidence) })}
                </em>
              </span>
            ))}
          </p>
        )
      )}
      {s.evidence.length > 0 && (
        <details>
          <summary>{t('suggestions.pairs')}</summary>
          <ul>
            {s.evidence.map((e) => (
              <li key={`${e.yours.id}-${e.theirs.id}`}>
                {e.direction === 'their_offer_for_your_need'
                  ? t('suggestions.yourNeed')
                  : t('suggestions.yourOffer')}{' '}
                “{e.yours.title}” ↔ “{e.theirs.title}”
              </li>
            ))}
          </ul>
        </details>
      )}
      <details>
        <summary>{t('suggestions.parts')}</summary>
        <dl className="parts">
          {parts.map(([name, p]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                <progress max={Math.max(s.score, 0.0001)} value={p.contribution}>
                  {number.format(p.contribution)}
                </progress>{' '}
                {number.format(p.contribution)}
              </dd>
            </div>
          ))}
        </dl>
      </details>
      <div className="actions" role="group" aria-label={s.partner.name}>
        {FEEDBACK.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={s.status === f}
            disabled={feedback.isPending}
            onClick={() => feedback.mutate(f)}
          >
            {t(`suggestions.${f}`)}
          </button>
        ))}
        {!done && (
          <button type="button" onClick={() => setAsking(true)}>
            {t('suggestions.requestIntro')}
          </button>
        )}
      </div>
      {feedback.error && <ProblemMessage error={feedback.error} />}
      {asking && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            intro.mutate();
          }}
        >
          <label htmlFor={`msg-${s.id}`}>
            {t('suggestions.introMessage', { name: s.partner.name })}
          </label>
          <textarea
            id={`msg-${s.id}`}
            required
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
          {intro.error && <ProblemMessage error={intro.error} />}
          <button type="submit" disabled={intro.isPending}>
            {t('suggestions.send')}
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            {t('suggestions.cancel')}
          </button>
        </form>
      )}
      {done && <p role="status">{t('suggestions.introSent')}</p>}
    </li>
  );
}
