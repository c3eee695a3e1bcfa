import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { ProblemMessage } from './ProblemMessage';

/**
 * What the page reads of GET /v1/admin/status. The route's answer is not described in the OpenAPI
 * document yet (docs/decisions.md §40), so this is the one shape the app declares itself.
 */
interface Status {
  idle: boolean;
  jobs: {
    queues: Record<
      string,
      { waiting: number; active: number; delayed: number; failed: number }
    > | null;
  };
  embedding: { model: string; lag: number };
  index: { state: string; lag: number };
  suggestionLists: number;
}

/** Operators' view of the service: queues, index and embedding lag; refreshes by itself. */
export function Health() {
  const { t, i18n } = useTranslation();
  const status = useQuery({
    queryKey: ['status'],
    queryFn: async () => (await ok(api.GET('/v1/admin/status'))) as unknown as Status,
    refetchInterval: 5000,
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
      </dl>
    </section>
  );
}
