import { SLICE_MS, holdSlices, slice } from '../../src/common/slices';

/** Keeps the thread busy, as CPU-heavy work between two slice() calls does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning
  }
}

describe('cooperative slices', () => {
  it('resumes one task per turn of the event loop, however many tasks slice at once', async () => {
    // A timer that counts turns: it fires once per turn while the tasks keep the loop busy.
    let turn = 0;
    let done = false;
    const tick = () => {
      turn += 1;
      if (!done) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const resumedAt: number[] = [];
    const task = async () => {
      for (let i = 0; i < 4; i++) {
        busy(SLICE_MS + 2);
        await slice();
        resumedAt.push(turn);
        busy(2); // what a resumed task does before its next slice() (the timer is due by then)
      }
    };
    await Promise.all([task(), task(), task()]);
    done = true;
    expect(resumedAt).toHaveLength(12);
    // Timers ran between any two resumptions: no two tasks resumed in the same turn.
    expect(new Set(resumedAt).size).toBe(resumedAt.length);
  });

  it('never yields inside a held section (an open SQLite transaction)', async () => {
    let ticked = false;
    setImmediate(() => (ticked = true));
    await holdSlices(async () => {
      busy(SLICE_MS + 2);
      await slice();
      expect(ticked).toBe(false);
    });
    busy(SLICE_MS + 2);
    await slice();
    expect(ticked).toBe(true);
  });
});
