// The part of ECharts the app draws with, loaded on demand (its own chunk, outside the first load).
// Canvas rendering and rich-text tooltips only: the SVG renderer and HTML tooltips set inline
// style attributes, which the strict Content-Security-Policy refuses (docs/decisions.md §41).
import { BarChart, HeatmapChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  HeatmapChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { init };
