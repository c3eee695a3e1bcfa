import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type Schemas } from '../api/client';
import { Chart } from '../charts/Chart';
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
  const metric = new Intl.NumberFormat(i18n.language, {
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
  });
  const body = () => ({ weights, basedOn: active.data!.version, note: 'edited in the web app' });
  const preview = useMutation({
    mutationFn: () =>
      ok(api.POST('/v1/match-criteria/preview', { body: { draft: body(), sampleSize: 20 } })),
  });
  // Fitting stores a draft version; its weights go into the editor, to preview and activate.
  const fit = useMutation({
    mutationFn: () => ok(api.POST('/v1/match-criteria/fit', { body: { source: 'outcomes' } })),
    onSuccess: (fitted) => {
      setDraft(fitted.weights);
      preview.reset();
    },
  });
  const activate = useMutation({
    mutationFn: async () => {
      // The fitted draft itself when its weights are still as fitted; else a new draft.
      const version =
        fit.data && draft === fit.data.weights
          ? fit.data.draft
          : (await ok(api.POST('/v1/match-criteria', { body: body() }))).version;
      return ok(
        api.POST('/v1/match-criteria/{version}/activate', { params: { path: { version } } }),
      );
    },
    onSuccess: async () => {
      setDraft(undefined);
      preview.reset();
      fit.reset();
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
      <section className="card" aria-labelledby="fit-heading">
        <h2 id="fit-heading">{t('criteria.fitHeading')}</h2>
        <p className="help">{t('criteria.fitHelp')}</p>
        <button type="button" onClick={() => fit.mutate()} disabled={fit.isPending}>
          {t('criteria.fit')}
        </button>
        {fit.error && <ProblemMessage error={fit.error} />}
        {fit.data && (
          <p role="status">
            {t('criteria.fitted', {
              version: fit.data.draft,
              subjects: fit.data.examples.subjects,
              positives: fit.data.examples.positives,
              negatives: fit.data.examples.negatives,
              heldOut: fit.data.heldOut.subjects,
              base: metric.format(fit.data.heldOut.base),
              draft: metric.format(fit.data.heldOut.draft),
            })}
          </p>
        )}
      </section>
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
  const active = t('criteria.activeList');
  const draft = t('criteria.draftList');
  const economies = useMemo(
    () => mixOption(report.mix.active.economies, report.mix.draft.economies, active, draft),
    [report, active, draft],
  );
  const sections = useMemo(
    () => mixOption(report.mix.active.sections, report.mix.draft.sections, active, draft),
    [report, active, draft],
  );
  const overlaps = useMemo(
    () => overlapOption(report.subjects, t('criteria.subjects')),
    [report, t],
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
      <div className="charts">
        {(
          [
            [overlaps, t('criteria.overlapChart'), t('criteria.overlap'), [t('criteria.subjects')]],
            [economies, t('criteria.economyMix'), t('suggestions.economy'), [active, draft]],
            [sections, t('criteria.sectorMix'), t('criteria.section'), [active, draft]],
          ] as const
        ).map(([chart, label, head, columns]) => (
          <Chart key={label} option={chart.option} label={label}>
            <MixTable caption={label} head={head} rows={chart.rows} columns={[...columns]} />
          </Chart>
        ))}
      </div>
      {report.offline ? (
        <table>
          <caption>{t('criteria.offline')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('criteria.metric')}</th>
              <th scope="col">{active}</th>
              <th scope="col">{draft}</th>
            </tr>
          </thead>
          <tbody>
            {OFFLINE_METRICS.map(([key, label]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{number(report.offline!.active[key])}</td>
                <td>{number(report.offline!.draft[key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="help">{t('criteria.noOffline')}</p>
      )}
    </section>
  );
}

type Summary = Schemas['EvaluationSummaryResponse'];
/** The offline metrics shown side by side (names as the eval command prints them). */
const OFFLINE_METRICS: [keyof Summary, string][] = [
  ['recallAt10', 'recall@10'],
  ['ndcgAt10', 'nDCG@10'],
  ['mrr', 'MRR@10'],
  ['economiesPerTop10', 'economies / top 10'],
  ['catalogueCoverage', 'coverage'],
];

/** Rows of a chart's data: a label and one number per column. */
type Rows = [string, ...number[]][];

/** Grouped bars of the active and the draft lists' mix (economies or sectors), and its rows. */
function mixOption(
  a: Record<string, number>,
  b: Record<string, number>,
  active: string,
  draft: string,
): { option: EChartsCoreOption; rows: Rows } {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const rows: Rows = keys.map((k) => [k, a[k] ?? 0, b[k] ?? 0]);
  return {
    rows,
    option: {
      legend: { top: 0 },
      grid: { left: 40, right: 8, top: 32, bottom: 40 },
      xAxis: {
        type: 'category',
        data: keys,
        axisLabel: { interval: 0, rotate: keys.length > 12 ? 60 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      series: [
        { name: active, type: 'bar', data: rows.map((r) => r[1]) },
        { name: draft, type: 'bar', data: rows.map((r) => r[2]) },
      ],
    },
  };
}

/** How many sampled subjects keep how much of their top 10 (overlap in tenths). */
function overlapOption(
  subjects: Preview['subjects'],
  label: string,
): { option: EChartsCoreOption; rows: Rows } {
  const bins = Array.from({ length: 11 }, () => 0);
  for (const s of subjects) bins[Math.round(s.overlapAt10 * 10)]++;
  const rows: Rows = bins.map((n, i) => [`${i * 10}%`, n]);
  return {
    rows,
    option: {
      grid: { left: 40, right: 8, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: rows.map((r) => r[0]) },
      yAxis: { type: 'value', minInterval: 1 },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      series: [{ name: label, type: 'bar', data: bins }],
    },
  };
}

function MixTable({
  caption,
  head,
  rows,
  columns,
}: {
  caption: string;
  head: string;
  rows: Rows;
  columns: string[];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, ...values]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {values.map((v, i) => (
              <td key={columns[i]}>{v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
