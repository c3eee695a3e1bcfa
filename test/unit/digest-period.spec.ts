import { digestPeriod, isoWeek } from '../../src/digests/digest-period';

describe('digest periods in the recipient’s time zone', () => {
  it('names ISO weeks, across year ends', () => {
    expect(isoWeek(2026, 11, 27)).toEqual([2026, 48]);
    expect(isoWeek(2027, 1, 1)).toEqual([2026, 53]);
    expect(isoWeek(2024, 12, 30)).toEqual([2025, 1]);
  });

  it('is due daily from the hour, weekly from Monday at the hour, monthly from the 1st at the hour', () => {
    // 2026-11-30 is a Monday. 22:30 UTC on Sunday 29th is already Monday 07:30 in Seoul.
    expect(digestPeriod('weekly', new Date('2026-11-29T22:30:00Z'), 'Asia/Seoul', 8)).toEqual({
      key: 'W2026-49',
      due: false,
    });
    expect(digestPeriod('weekly', new Date('2026-11-29T23:30:00Z'), 'Asia/Seoul', 8)).toEqual({
      key: 'W2026-49',
      due: true,
    });
    expect(digestPeriod('weekly', new Date('2026-11-29T23:30:00Z'), 'America/New_York', 8)).toEqual(
      { key: 'W2026-48', due: true },
    );
    expect(digestPeriod('daily', new Date('2026-11-27T06:00:00Z'), 'America/Santiago', 8)).toEqual({
      key: 'D2026-11-27',
      due: false,
    });
    expect(digestPeriod('daily', new Date('2026-11-27T12:00:00Z'), 'America/Santiago', 8)).toEqual({
      key: 'D2026-11-27',
      due: true,
    });
    expect(digestPeriod('monthly', new Date('2026-12-01T00:30:00Z'), 'Asia/Tokyo', 8)).toEqual({
      key: 'M2026-12',
      due: true,
    });
    expect(digestPeriod('monthly', new Date('2026-11-30T20:00:00Z'), 'Asia/Tokyo', 8)).toEqual({
      key: 'M2026-12',
      due: false,
    });
  });
});
