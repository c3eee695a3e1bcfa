import { parentPort, workerData } from 'node:worker_threads';
import { DataModel, DataSpec } from './data';
import { bruteForce } from './truth';

/** Worker-thread entry: generation and ground truth, over SharedArrayBuffers. */
type Task =
  | { type: 'gen'; spec: DataSpec; stream: number; from: number; to: number; out: SharedArrayBuffer; offset: number }
  | {
      type: 'truth';
      n: number;
      dim: number;
      vectors: SharedArrayBuffer;
      economy: SharedArrayBuffer;
      queries: SharedArrayBuffer;
      qa: number;
      qb: number;
      k: number;
      ids: SharedArrayBuffer[];
      dists: SharedArrayBuffer[];
    };

const task = workerData as Task;
if (task.type === 'gen') {
  new DataModel(task.spec).generate(task.stream, task.from, task.to, new Float32Array(task.out), task.offset);
} else {
  bruteForce(
    new Float32Array(task.vectors),
    new Uint8Array(task.economy),
    task.n,
    task.dim,
    new Float32Array(task.queries),
    task.qa,
    task.qb,
    task.k,
    task.ids.map((b) => new Int32Array(b)),
    task.dists.map((b) => new Float32Array(b)),
  );
}
parentPort?.postMessage('done');
