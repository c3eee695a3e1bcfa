import { BatchProgress, ImportRun, LineRejection } from './import-run';

/** Port: import runs and their rejected lines. `recordBatch` runs inside the batch's transaction. */
export abstract class ImportRunsRepository {
  abstract start(run: ImportRun): Promise<void>;
  abstract recordBatch(id: string, progress: BatchProgress): Promise<void>;
  abstract finish(
    id: string,
    status: 'completed' | 'failed',
    at: string,
    error?: string,
  ): Promise<void>;
  abstract findById(id: string): Promise<ImportRun | undefined>;
  abstract rejections(id: string, afterLine: number, limit: number): Promise<LineRejection[]>;
}
