/**
 * Cooperative time slicing for CPU-heavy work that shares the API's event loop (the embedded
 * default runs jobs in the API process). Loops call `await slice()` between units of work: when the
 * current slice has run for SLICE_MS, it yields a full turn of the event loop (setImmediate, so
 * I/O callbacks — requests — run), otherwise it returns at once. Awaiting a resolved promise is not
 * a turn: synchronous SQLite calls and resolved awaits alone would hold the loop for minutes.
 *
 * A synchronous SQLite transaction must finish within one turn (see SqliteUnitOfWork), so while
 * one is open (`holdSlices`) slice() never yields.
 */
export const SLICE_MS = 15;

let sliceStart = performance.now();
let held = 0;

/** Tasks waiting for their next turn, resumed one per turn of the event loop, first come first. */
const waiting: (() => void)[] = [];
let pumping = false;

/**
 * A full turn of the event loop, and a turn of its own: however many tasks slice at once (an
 * import, match jobs, embedding batches, the index catch-up), one of them resumes per turn, so a
 * request waits for one slice at most, not for a slice of every task.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

/** Resumes the first waiting task; the next one gets the next turn (setImmediate from a check phase). */
function pump(): void {
  const next = waiting.shift();
  if (waiting.length) setImmediate(pump);
  else pumping = false;
  next?.();
}

/** Yields a turn when the current slice has used its budget (never inside a held section). */
export async function slice(): Promise<void> {
  if (held > 0 || performance.now() - sliceStart < SLICE_MS) return;
  await nextTurn();
  sliceStart = performance.now();
}

/** Runs `fn` with yielding suspended (an open SQLite transaction); returns what it returns. */
export async function holdSlices<T>(fn: () => Promise<T>): Promise<T> {
  held += 1;
  try {
    return await fn();
  } finally {
    held -= 1;
  }
}
