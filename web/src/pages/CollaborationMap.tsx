import { useQuery } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area } from '../api/areas';
import { api, ok, type Schemas } from '../api/client';
import { Chart } from '../charts/Chart';
import { AreaFilter } from './AreaFilter';
import { ProblemMessage } from './ProblemMessage';

type CollaborationMap = Schemas['CollaborationMapResponse'];
type Cell = Schemas['CollaborationCellResponse'];
const METRICS = ['suggestions', 'requested', 'accepted', 'acceptanceRate'] as const;
type Metric = (typeof METRICS)[number];
/** The busiest pairs listed under the map. */
const TOP = 25;

/**
 * Operators' collaboration map, as cluster-mapping users know it: from which economies to which
 * the engine suggests partners, how many introductions were asked and accepted, and the
 * acceptance rate, as a matrix heatmap (rows: the asking side) and a table of the busiest pairs.
 */
export function CollaborationMapPage() {
  const { t, i18n } = useTranslation();
  const [area, setArea] = useState<Area | ''>('');
  const [metric, setMetric] = useState<Metric>('suggestions');
  const map = useQuery({
    queryKey: ['collaboration-map', area],
    queryFn: () =>
      ok(
        api.GET('/v1/admin/collaboration-map', {
          params: { query: area ? { area: area } : {} },
        }),
      ),
  });
  const n = new Intl.NumberFormat(i18n.language);
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const value = (c: Cell, m: Metric) =>
    m === 'acceptanceRate'
      ? c.acceptanceRate === null
        ? '—'
        : pct.format(c.acceptanceRate)
      : n.format(c[m]);
  const label = t('map.chart', { metric: t(`map.${metric}`) });
  const option = useMemo(() => map.data && heatmap(map.data, metric), [map.data, metric]);

  return (
    <section>
      <h1>{t('map.heading')}</h1>
      <p className="help">{t('map.help')}</p>
      <div className="filters">
        <AreaFilter value={area} onChange={setArea} />
        <label>
          {t('map.metric')}{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`map.${m}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {map.isPending && <p role="status">{t('app.loading')}</p>}
      {map.error && <ProblemMessage error={map.error} retry={() => void map.refetch()} />}
      {map.data && (
        <>
          <p role="status">
            {t('map.totals', {
              suggestions: n.format(map.data.totals.suggestions),
              requested: n.format(map.data.totals.requested),
              accepted: n.format(map.data.totals.accepted),
              rate:
                map.data.totals.acceptanceRate === null
                  ? '—'
                  : pct.format(map.data.totals.acceptanceRate),
            })}
          </p>
          {map.data.cells.length ? (
            <Chart option={option!} label={label} height={420} />
          ) : (
            <p>{t('map.empty')}</p>
          )}
          <table>
            <caption>{t('map.busiest', { count: Math.min(TOP, map.data.cells.length) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('map.from')}</th>
                <th scope="col">{t('map.to')}</th>
                {METRICS.map((m) => (
                  <th key={m} scope="col">
                    {t(`map.${m}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {map.data.cells.slice(0, TOP).map((c) => (
                <tr key={`${c.from}>${c.to}`}>
                  <th scope="row">{c.from}</th>
                  <td>{c.to}</td>
                  {METRICS.map((m) => (
                    <td key={m}>{value(c, m)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The economies × economies matrix of one metric: rows ask or are suggested partners in columns. */
function heatmap(map: CollaborationMap, metric: Metric): EChartsCoreOption {
  const economies = map.economies;
  const at = new Map(economies.map((e, i) => [e, i]));
  const data = map.cells
    .map((c) => [at.get(c.to)!, at.get(c.from)!, c[metric]] as const)
    .filter(([, , v]) => v !== null && v !== 0);
  const max = Math.max(1, ...data.map(([, , v]) => v ?? 0));
  return {
    grid: { left: 48, right: 16, top: 16, bottom: 88 },
    xAxis: { type: 'category', data: economies, name: '→', axisLabel: { interval: 0, rotate: 90 } },
    yAxis: { type: 'category', data: economies, inverse: true, axisLabel: { interval: 0 } },
    visualMap: {
      min: 0,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#e8eef9', '#0b3d91'] },
    },
    tooltip: { renderMode: 'richText' },
    series: [
      {
        type: 'heatmap',
        data,
        label: {
          show: economies.length <= 21,
          formatter: ({ value }: { value: [number, number, number] }) =>
            metric === 'acceptanceRate' ? `${Math.round(value[2] * 100)}%` : String(value[2]),
        },
      },
    ],
  };
}
