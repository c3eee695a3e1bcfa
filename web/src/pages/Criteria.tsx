import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../api/client';
import { ProblemMessage } from './ProblemMessage';

type Weights = Schemas['WeightsDto'];
type Preview = Schemas['PreviewReportResponse'];

/** Operators: the active criteria, a draft edited with sliders, its preview, and activation. */
export function Criteria() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const active = useQuery({
    queryKey: ['criteria', 'active'],
    queryFn: () => ok(api.GET('/v1/match-criteria/active')),
  });
  const audit = useQuery({
    queryKey: ['criteria', 'audit'],
    queryFn: () => ok(api.GET('/v1/match-criteria/audit')),
  });
  const [draft, setDraft] = useState<Weights>();
  const weights: Weights = draft ?? active.data?.weights ?? {};
  const n = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const body = () => ({ weights, basedOn: active.data!.version, note: 'edited in the web app' });
  const preview = useMutation({
    mutationFn: () =>
      ok(api.POST('/v1/match-criteria/preview', { body: { draft: body(), sampleSize: 20 } })),
  });
  const activate = useMutation({
    mutationFn: async () => {
      const saved = await ok(api.POST('/v1/match-criteria', { body: body() }));
      return ok(
        api.POST('/v1/match-criteria/{version}/activate', {
          params: { path: { version: saved.version } },
        }),
      );
    },
    onSuccess: async () => {
      setDraft(undefined);
      preview.reset();
      await client.invalidateQueries({ queryKey: ['criteria'] });
    },
  });
  if (active.error)
    return <ProblemMessage error={active.error} retry={() => void active.refetch()} />;
  if (!active.data) return <p role="status">{t('app.loading')}</p>;
  return (
    <section>
      <h1>{t('criteria.heading')}</h1>
      <p role="status">{t('criteria.active', { version: active.data.version })}</p>
      <form className="card" onSubmit={(e) => e.preventDefault()}>
        <h2>{t('criteria.draft')}</h2>
        {Object.entries(weights).map(([name, value]) => (
          <div key={name} className="slider">
            <label htmlFor={`w-${name}`}>{name}</label>
            <input
              id={`w-${name}`}
              type="range"
              min={0}
              max={1}
              step={0.01}
              value={value}
              onChange={(e) => setDraft({ ...weights, [name]: Number(e.target.value) })}
            />
            <output htmlFor={`w-${name}`}>{n.format(value)}</output>
          </div>
        ))}
        <div className="actions">
          <button type="button" onClick={() => preview.mutate()} disabled={preview.isPending}>
            {t('criteria.preview')}
          </button>
          <button
            type="button"
            disabled={!draft || activate.isPending}
            onClick={() => window.confirm(t('criteria.confirm')) && activate.mutate()}
          >
            {t('criteria.activate')}
          </button>
        </div>
      </form>
      {preview.error && <ProblemMessage error={preview.error} />}
      {activate.error && <ProblemMessage error={activate.error} />}
      {preview.data && (
        <PreviewReport
          report={preview.data}
          format={(x) => pct.format(x)}
          number={(x) => n.format(x)}
        />
      )}
      {audit.data && (
        <table>
          <caption>{t('criteria.audit')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('criteria.version')}</th>
              <th scope="col">{t('criteria.action')}</th>
              <th scope="col">{t('criteria.by')}</th>
              <th scope="col">{t('criteria.at')}</th>
            </tr>
          </thead>
          <tbody>
            {(
              audit.data as unknown as {
                items: { version: number; action: string; actor: string; at: string }[];
              }
            ).items.map((a) => (
              <tr key={`${a.version}-${a.action}-${a.at}`}>
                <td>{a.version}</td>
                <td>{a.action}</td>
                <td>{a.actor}</td>
                <td>{new Date(a.at).toLocaleString(i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PreviewReport({
  report,
  format,
  number,
}: {
  report: Preview;
  format: (x: number) => string;
  number: (x: number) => string;
}) {
  const { t } = useTranslation();
  const economies = [
    ...new Set([
      ...Object.keys(report.mix.active.economies),
      ...Object.keys(report.mix.draft.economies),
    ]),
  ].sort();
  const most = Math.max(
    1,
    ...economies.flatMap((e) => [
      report.mix.active.economies[e] ?? 0,
      report.mix.draft.economies[e] ?? 0,
    ]),
  );
  return (
    <section className="card" aria-label={t('criteria.previewHeading')}>
      <h2>{t('criteria.previewHeading')}</h2>
      <dl className="facts">
        <dt>{t('criteria.overlap')}</dt>
        <dd>{format(report.overlapAt10)}</dd>
        <dt>{t('criteria.shift')}</dt>
        <dd>{number(report.rankChanges.meanAbsoluteShift)}</dd>
        <dt>{t('criteria.entered')}</dt>
        <dd>{report.rankChanges.entered}</dd>
        <dt>{t('criteria.left')}</dt>
        <dd>{report.rankChanges.left}</dd>
      </dl>
      <table>
        <caption>{t('criteria.economyMix')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('suggestions.economy')}</th>
            <th scope="col">{t('criteria.activeList')}</th>
            <th scope="col">{t('criteria.draftList')}</th>
          </tr>
        </thead>
        <tbody>
          {economies.map((e) => (
            <tr key={e}>
              <th scope="row">{e}</th>
              <td>
                <progress max={most} value={report.mix.active.economies[e] ?? 0} />{' '}
                {report.mix.active.economies[e] ?? 0}
              </td>
              <td>
                <progress max={most} value={report.mix.draft.economies[e] ?? 0} />{' '}
                {report.mix.draft.economies[e] ?? 0}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
