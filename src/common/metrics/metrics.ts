import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type GaugeConfiguration,
} from 'prom-client';

export interface LoopDelay {
  /** Milliseconds the event loop was late, over the window. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The window these figures cover (the last completed minute, or since start). */
  windowSeconds: number;
}

const WINDOW_MS = 60_000;
const round = (ns: number) => Math.round(ns / 1e4) / 100;

/**
 * Watches this process's event loop (`monitorEventLoopDelay`, 10 ms resolution) in one-minute
 * windows: what the operators' status shows, and the figure every benchmark prints.
 */
export class EventLoopWatch {
  private current: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private previous?: LoopDelay;
  private windowStart = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.current.enable();
    this.timer = setInterval(() => this.rotate(), WINDOW_MS);
    this.timer.unref();
  }

  /** The last completed minute, or the time since start when no minute has completed yet. */
  delay(): LoopDelay {
    return this.previous ?? this.figures();
  }

  /** Since the current window started (at most a minute). */
  recent(): LoopDelay {
    return this.figures();
  }

  stop(): void {
    clearInterval(this.timer);
    this.current.disable();
  }

  private rotate(): void {
    this.previous = this.figures();
    this.current.reset();
    this.windowStart = Date.now();
  }

  private figures(): LoopDelay {
    const h = this.current;
    const any = h.count > 0;
    return {
      p50Ms: any ? round(h.percentile(50)) : 0,
      p99Ms: any ? round(h.percentile(99)) : 0,
      maxMs: any ? round(h.max) : 0,
      windowSeconds: Math.round((Date.now() - this.windowStart) / 1000),
    };
  }
}

/**
 * This process's Prometheus registry (prom-client): the default Node.js series (event-loop lag
 * percentiles, heap, GC, CPU) and every PEC series, all prefixed `pec_`. Features add gauges read
 * at scrape time with `gauge()`; counters and histograms are created here so that each is defined
 * once.
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly loop = new EventLoopWatch();

  readonly httpDuration = new Histogram({
    name: 'pec_http_request_duration_seconds',
    help: 'HTTP requests by method, route (the route pattern, not the path) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'pec_job_duration_seconds',
    help: 'Jobs run in this process, by queue, job name and outcome (completed or failed)',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  /** Wraps job handlers so that each run is timed, by queue, job name and outcome. */
  timeJobs<H extends Record<string, (payload: never) => Promise<unknown>>>(
    handlers: H,
    queueOf: Record<keyof H, string>,
  ): H {
    const timed = {} as Record<string, (payload: never) => Promise<unknown>>;
    for (const [name, handler] of Object.entries(handlers)) {
      timed[name] = async (payload) => {
        const end = this.jobDuration.startTimer({ queue: queueOf[name], job: name });
        try {
          const result = await handler(payload);
          end({ outcome: 'completed' });
          return result;
        } catch (error) {
          end({ outcome: 'failed' });
          throw error;
        }
      };
    }
    return timed as H;
  }

  readonly importLines = new Counter({
    name: 'pec_import_lines_total',
    help: 'Import lines by outcome (created, updated, unchanged, superseded, rejected)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly suggestionReads = new Counter({
    name: 'pec_suggestion_reads_total',
    help: 'Suggestion list reads by how the list was: fresh, recomputed within the read budget, or served as stored while refreshing',
    labelNames: ['list'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.gauge({
      name: 'pec_event_loop_delay_seconds',
      help: 'Event-loop delay over the last completed minute, by quantile (0.5, 0.99, 1 = max)',
      labelNames: ['quantile'],
      collect: (set) => {
        const d = this.loop.delay();
        set({ quantile: '0.5' }, d.p50Ms / 1000);
        set({ quantile: '0.99' }, d.p99Ms / 1000);
        set({ quantile: '1' }, d.maxMs / 1000);
      },
    });
  }

  /** A gauge whose values are read when scraped (a failing read leaves the series out). */
  gauge<L extends string>(options: {
    name: string;
    help: string;
    labelNames?: L[];
    collect: (set: (labels: Partial<Record<L, string>>, value: number) => void) => unknown;
  }): void {
    if (this.registry.getSingleMetric(options.name)) return;
    const config: GaugeConfiguration<L> = {
      name: options.name,
      help: options.help,
      labelNames: options.labelNames ?? [],
      registers: [this.registry],
      async collect() {
        this.reset();
        await options.collect((labels, value) => this.set(labels, value));
      },
    };
    new Gauge(config);
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  onModuleDestroy(): void {
    this.loop.stop();
  }
}
