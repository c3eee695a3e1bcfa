/** A full recomputation of every subject's suggestions (the nightly run). */
export interface RecomputeRun {
  id: string;
  reason: string;
  total: number;
  done: number;
  startedAt: string;
  finishedAt: string | null;
}

/** Port: full recompute runs and which subjects each has done (idempotent, so a retry never counts twice). */
export abstract class RecomputeRunsRepository {
  abstract start(run: {
    id: string;
    reason: string;
    total: number;
    startedAt: string;
  }): Promise<void>;
  /** Records a subject as done; finishes the run when every subject is. Returns the progress. */
  abstract markDone(
    runId: string,
    subjectKey: string,
    at: string,
  ): Promise<RecomputeRun | undefined>;
  abstract find(id: string): Promise<RecomputeRun | undefined>;
  abstract latest(): Promise<RecomputeRun | undefined>;
  abstract lastFinished(): Promise<RecomputeRun | undefined>;
}
