import { FixedClock } from '../../../src/common/clock/clock';
import { EconomiesRepository } from '../../../src/economies/economies.repository';
import { EconomiesService } from '../../../src/economies/economies.service';
import { Economy } from '../../../src/economies/economy';
import { Mocked, mockOf } from '../../support/mocks';

const economy = (code: string, name: string) => ({ code, name }) as Economy;

/** Suggestion reads name guest economies from this; it must not ask the store on every read. */
describe('EconomiesService.givenNames', () => {
  let repo: Mocked<EconomiesRepository> & EconomiesRepository;
  let clock: FixedClock;
  let sut: EconomiesService;

  beforeEach(() => {
    repo = mockOf('EconomiesRepository');
    repo.list.mockResolvedValue([economy('JP', 'Japan'), economy('AT', 'Austria')]);
    clock = new FixedClock(new Date('2026-12-04T10:00:00Z'));
    sut = new EconomiesService(repo, clock);
  });

  it('reads the store once, then again only after a minute', async () => {
    expect((await sut.givenNames(['AT'])).get('AT')).toBe('Austria');
    await sut.givenNames(['JP', 'AT']);
    expect(repo.list).toHaveBeenCalledTimes(1);
    repo.list.mockResolvedValue([economy('AT', 'Republic of Austria')]);
    clock.set(new Date('2026-12-04T10:00:59Z'));
    expect((await sut.givenNames()).get('AT')).toBe('Austria');
    clock.set(new Date('2026-12-04T10:01:01Z'));
    expect((await sut.givenNames()).get('AT')).toBe('Republic of Austria');
    expect(repo.list).toHaveBeenCalledTimes(2);
  });

  it('reads again at once when an economy it is asked about is missing (just imported)', async () => {
    await sut.givenNames(['AT']);
    repo.list.mockResolvedValue([economy('AT', 'Austria'), economy('DE', 'Germany')]);
    expect((await sut.givenNames(['DE'])).get('DE')).toBe('Germany');
    expect(repo.list).toHaveBeenCalledTimes(2);
  });
});
