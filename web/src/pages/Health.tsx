import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { ProblemMessage } from './ProblemMessage';

/** Operators' view of the service: queues, index and embedding lag; refreshes by itself. */
export function Health() {
  const { t, i18n } = useTranslation();
  const status = useQuery({
    queryKey: ['status'],
    queryFn: () => ok(api.GET('/v1/admin/status')),
    refetchInterval: 5000,
  });
  const client = useQueryClient();
  const failed = useQuery({
    queryKey: ['failed-jobs'],
    queryFn: () => ok(api.GET('/v1/admin/jobs', { params: { query: { limit: 50 } } })),
    refetchInterval: 5000,
  });
  const retry = useMutation({
    mutationFn: (id: string) =>
      ok(api.POST('/v1/admin/jobs/{id}/retry', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['failed-jobs'] }),
  });
  const recompute = useMutation({
    mutationFn: () => ok(api.POST('/v1/admin/recompute')),
    onSettled: () => client.invalidateQueries({ queryKey: ['status'] }),
  });
  const n = new Intl.NumberFormat(i18n.language);
  if (status.error)
    return <ProblemMessage error={status.error} retry={() => void status.refetch()} />;
  if (!status.data) return <p role="status">{t('app.loading')}</p>;
  const s = status.data;
  return (
    <section>
      <h1>{t('ops.heading')}</h1>
      <p role="status">{s.idle ? t('ops.idle') : t('ops.busy')}</p>
      <table>
        <caption>{t('ops.queue')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ops.queue')}</th>
            <th scope="col">{t('ops.waiting')}</th>
            <th scope="col">{t('ops.active')}</th>
            <th scope="col">{t('ops.delayed')}</th>
            <th scope="col">{t('ops.failed')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(s.jobs.queues ?? {}).map(([q, c]) => (
            <tr key={q}>
              <th scope="row">{q}</th>
              <td>{n.format(c.waiting)}</td>
              <td>{n.format(c.active)}</td>
              <td>{n.format(c.delayed)}</td>
              <td>{n.format(c.failed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>{t('ops.index')}</dt>
        <dd>
          {s.index.state} ({n.format(s.index.lag)})
        </dd>
        <dt>{t('ops.embeddingLag')}</dt>
        <dd>{n.format(s.embedding.lag)}</dd>
        <dt>{t('ops.lists')}</dt>
        <dd>{n.format(s.suggestionLists)}</dd>
        <dt>{t('ops.loop')}</dt>
        <dd>
          {t('ops.loopValue', {
            p99: n.format(Math.round(s.eventLoop.lastMinute.p99Ms)),
            max: n.format(Math.round(s.eventLoop.lastMinute.maxMs)),
          })}
        </dd>
      </dl>
      <section className="card" aria-labelledby="recompute-heading">
        <h2 id="recompute-heading">{t('ops.recompute')}</h2>
        {s.currentRecompute ? (
          <p>
            <label htmlFor="recompute-progress">
              {t('ops.recomputing', {
                done: n.format(s.currentRecompute.done),
                total: n.format(s.currentRecompute.total),
                reason: s.currentRecompute.reason,
              })}
            </label>{' '}
            <progress
              id="recompute-progress"
              max={Math.max(1, s.currentRecompute.total)}
              value={s.currentRecompute.done}
            />
          </p>
        ) : (
          <p>
            {s.lastFullRecompute?.finishedAt
              ? t('ops.lastRecompute', {
                  at: new Date(s.lastFullRecompute.finishedAt).toLocaleString(i18n.language),
                  total: n.format(s.lastFullRecompute.total),
                })
              : t('ops.noRecompute')}
          </p>
        )}
        <button
          type="button"
          disabled={!!s.currentRecompute || recompute.isPending}
          onClick={() => window.confirm(t('ops.recomputeConfirm')) && recompute.mutate()}
        >
          {t('ops.recomputeAll')}
        </button>
        {recompute.error && <ProblemMessage error={recompute.error} />}
      </section>
      <section className="card" aria-labelledby="failed-heading">
        <h2 id="failed-heading">{t('ops.failedJobs')}</h2>
        {failed.error && (
          <ProblemMessage error={failed.error} retry={() => void failed.refetch()} />
        )}
        {retry.error && <ProblemMessage error={retry.error} />}
        {failed.data && !failed.data.items.length && <p>{t('ops.noFailed')}</p>}
        {!!failed.data?.items.length && (
          <table>
            <caption>{t('ops.failedJobs')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ops.queue')}</th>
                <th scope="col">{t('ops.job')}</th>
                <th scope="col">{t('ops.error')}</th>
                <th scope="col">{t('ops.failedAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('ops.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {failed.data.items.map((j) => (
                <tr key={j.id}>
                  <th scope="row">{j.queue}</th>
                  <td>
                    {j.name} ({t('ops.attempts', { count: j.attempts })})
                  </td>
                  <td>{j.error}</td>
                  <td>{new Date(j.failedAt).toLocaleString(i18n.language)}</td>
                  <td>
                    <button
                      type="button"
                      disabled={retry.isPending}
                      onClick={() => retry.mutate(j.id)}
                      aria-label={t('ops.retryJob', { name: j.name, queue: j.queue })}
                    >
                      {t('ops.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
