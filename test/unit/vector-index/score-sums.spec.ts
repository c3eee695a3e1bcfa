import { ScoreSums } from '../../../src/vector-index/score-sums';

describe('ScoreSums: per-document sums of one BM25 query', () => {
  it('sums by id and answers in first-touch order, like the Map it replaces', () => {
    const sums = new ScoreSums();
    sums.reset(10);
    sums.add(7, 1);
    sums.add(2, 0.5);
    sums.add(7, 0.25);
    expect(sums.collect((id, s) => [id, s])).toEqual([
      [7, 1.25],
      [2, 0.5],
    ]);
  });

  it('starts every query clear, also after a query whose collect threw', () => {
    const sums = new ScoreSums();
    sums.reset(4);
    sums.add(1, 3);
    sums.add(2, 3);
    expect(() =>
      sums.collect(() => {
        throw new Error('a filter failed');
      }),
    ).toThrow('a filter failed');
    sums.reset(4);
    sums.add(2, 1);
    expect(sums.collect((id, s) => [id, s])).toEqual([[2, 1]]);
  });

  it('grows past its first capacity and leaves out what the callback refuses', () => {
    const sums = new ScoreSums();
    sums.reset(5000);
    sums.add(4999, 2);
    sums.add(3, 1);
    expect(sums.collect((id, s) => (id === 3 ? undefined : [id, s]))).toEqual([[4999, 2]]);
  });
});
