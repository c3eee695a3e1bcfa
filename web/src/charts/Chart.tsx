import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type ECharts = ReturnType<(typeof import('./echarts'))['init']>;

/**
 * A chart drawn by ECharts on a canvas, with `label` as its accessible name; the same data is
 * always on the page as a table too (`children`, in a disclosure), for screen readers and the
 * keyboard. ECharts loads on first use, so pages without charts never download it.
 */
export function Chart({
  option,
  label,
  height = 280,
  children,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    const resize = () => chart.current?.resize();
    import('./echarts')
      .then(({ init }) => {
        if (disposed || !box.current) return;
        chart.current = init(box.current, undefined, { renderer: 'canvas' });
        chart.current.setOption({
          aria: { enabled: true, label: { description: label } },
          tooltip: { renderMode: 'richText' },
          animation: false,
          ...option,
        });
        addEventListener('resize', resize);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, [option, label]);

  return (
    <figure className="chart">
      {failed ? (
        <p role="alert">{t('charts.unavailable')}</p>
      ) : (
        <div
          ref={box}
          role="img"
          aria-label={label}
          className={`chart-canvas h${height}`}
          data-chart={label}
        />
      )}
      <figcaption>{label}</figcaption>
      {children && (
        <details>
          <summary>{t('charts.asTable')}</summary>
          {children}
        </details>
      )}
    </figure>
  );
}
