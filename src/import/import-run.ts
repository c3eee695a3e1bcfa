import { FieldProblem } from '../common/errors/domain-error';

/** One run of the bulk import, with its progress as committed so far. */
export interface ImportRun {
  id: string;
  source: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Time of the last committed batch: a `running` run that stopped moving was interrupted. */
  updatedAt: string;
  /** Lines read so far (blank lines included). */
  lines: number;
  /** Every line up to this one is durably applied or recorded as rejected. */
  committedThroughLine: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

export interface LineRejection {
  line: number;
  problems: FieldProblem[];
}

export interface BatchProgress {
  at: string;
  committedThroughLine: number;
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  rejections: LineRejection[];
}
