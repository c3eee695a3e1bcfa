import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { economyNames } from '../../src/i18n/economy-names';
import { LOCALES } from '../../src/i18n/locales';
import { dataset } from '../support/dataset';
import { ADMIN_TOKEN, TestApp, admin, importNdjson, startTestApp } from '../support/http';
import { signInLinks } from '../support/outbox';
import { ROOT, freePort } from '../support/processes';
import { settle } from '../support/settle';

const SCREENS = join(ROOT, 'dist', 'screens');

/** Debian's chromium (`apt-get install chromium`): playwright-core drives it, nothing is downloaded. */
function chromiumPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}
const executablePath = chromiumPath();
// In CI a missing browser is a failure (.ci/run installs it); on a workstation the suite says why it skips.
const describeBrowser = executablePath || process.env.CI ? describe : describe.skip;
if (!executablePath && !process.env.CI)
  console.warn('browser journeys SKIPPED: chromium is not installed (apt-get install -y chromium)');

/**
 * The web app in a real Chromium, served by the service itself on the embedded default: a cluster
 * manager signs in with the link from the outbox, reads suggestions with their reasons, hides one
 * (gone after a reload too) and requests an introduction; a digest's link opens its suggestion
 * after sign-in; an operator signs in with a key and sees the service's health. axe-core checks
 * every page, and the app must run under the strict CSP without a violation.
 */
describeBrowser('web app journeys in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const violations: string[] = [];
  /** The partner the first journey asks to be introduced to. */
  let askedOf = '';

  const outboxLinks = () => signInLinks(t.dataDir);
  const nextLink = async (before: number): Promise<string> => {
    for (let i = 0; i < 200; i++) {
      const links = outboxLinks();
      if (links.length > before) return links[links.length - 1];
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no sign-in email in the outbox');
  };
  const newPage = async (locale?: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
    const page = await context.newPage();
    page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    return { context, page };
  };
  const axe = async (page: Page, name: string) => {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const result = await page.evaluate<{ id: string; impact: string }[]>(
      'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))',
    );
    const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect({ page: name, serious }).toEqual({ page: name, serious: [] });
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENS, `${name}.png`) });
  const signInWithKey = async (page: Page) => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('API key').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in with the key' }).click();
    await page.getByRole('heading', { name: 'Service health' }).waitFor();
  };
  const signInByEmail = async (page: Page, email: string) => {
    const before = outboxLinks().length;
    await page.getByLabel('Your contact email').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('status').filter({ hasText: 'sign-in link is on its way' }).waitFor();
    await page.goto(await nextLink(before));
  };

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')))
      execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'ignore' });
    mkdirSync(SCREENS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Email links point at the app's base URL: this server.
    t = await startTestApp({ INTRO_DAILY_LIMIT: '100', APP_BASE_URL: base });
    await importNdjson(t, dataset(3, 1));
    await settle(t.app);
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => {
      server.listen(port, '127.0.0.1', () => resolve());
    });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a cluster manager signs in by email link, reads reasons, hides one for good and requests an introduction', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await axe(page, 'sign-in');
    await shot(page, 'sign-in');
    await signInByEmail(page, 'ds-KR-0@cluster.example');

    await page.getByRole('heading', { name: 'Partner suggestions' }).waitFor();
    const cards = page.locator('ol.suggestions > li');
    await cards.first().waitFor();
    const count = await cards.count();
    expect(count).toBeGreaterThan(1);
    await expect(cards.first().locator('.reason').textContent()).resolves.toMatch(/\w/);
    await axe(page, 'suggestions');
    await shot(page, 'suggestions');

    const hidden = (await cards.first().getAttribute('aria-label'))!;
    await cards.first().getByRole('button', { name: 'Hide' }).click();
    await page
      .locator(`ol.suggestions > li[aria-label="${hidden}"]`)
      .waitFor({ state: 'detached' });
    await page.reload();
    await cards.first().waitFor();
    expect(await page.locator(`ol.suggestions > li[aria-label="${hidden}"]`).count()).toBe(0);

    const target = cards.first();
    const partner = (await target.getAttribute('aria-label'))!;
    askedOf = partner;
    await target.getByRole('button', { name: 'Request an introduction' }).click();
    await target.getByLabel(`Your message to ${partner}`).fill('We would like to talk about SiC.');
    await target.getByRole('button', { name: 'Send request' }).click();
    await target.getByText('Introduction requested.').waitFor();
    const sent = await t.http.get('/v1/introductions').set(admin).expect(200);
    expect(JSON.stringify(sent.body.items)).toContain('We would like to talk about SiC.');

    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, 'suggestions-375');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      375,
    );
    await context.close();
  }, 120000);

  it('the partner signs in the same way and accepts: both now see each other’s contacts', async () => {
    // Demo clusters are named "<economy> <topic> cluster <n>" with contact ds-<economy>-<n>@cluster.example.
    const [, economy, n] = /^(\w\w) .* cluster (\d+)$/.exec(askedOf)!;
    const partner = await newPage();
    await partner.page.goto(`${base}/sign-in`);
    await signInByEmail(partner.page, `ds-${economy}-${n}@cluster.example`);
    await partner.page.getByRole('link', { name: 'Introductions' }).click();
    const received = partner.page.locator('li.card', {
      hasText: 'We would like to talk about SiC.',
    });
    await received.waitFor();
    expect(await received.getByText('ds-KR-0@cluster.example').count()).toBe(0);
    await axe(partner.page, 'introductions');
    await received.getByRole('button', { name: 'Accept' }).click();
    await received.getByText('Accepted by both sides').waitFor();
    await received.getByText('ds-KR-0@cluster.example').waitFor();
    await shot(partner.page, 'introductions');
    await partner.context.close();

    const requester = await newPage();
    await requester.page.goto(`${base}/sign-in`);
    await signInByEmail(requester.page, 'ds-KR-0@cluster.example');
    await requester.page.getByRole('link', { name: 'Introductions' }).click();
    await requester.page.getByRole('button', { name: 'Sent' }).click();
    const sent = requester.page.locator('li.card', { hasText: 'We would like to talk about SiC.' });
    await sent.getByText(`ds-${economy}-${n}@cluster.example`).waitFor();
    await requester.context.close();
  }, 90000);

  it('a member of the platform publishes a need, with the API’s field errors beside the fields, edits it and ends it', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/sign-in`);
    await signInByEmail(page, 'ds-KR-1@cluster.example');
    await page.getByRole('link', { name: 'Needs and offers' }).click();
    await page.getByRole('heading', { name: 'Your needs and offers' }).waitFor();
    await page.getByLabel('Description').fill('Pilot-scale SiC epitaxy partner');
    await page.getByRole('button', { name: 'Publish' }).click();
    const error = page.locator('#item-new-title-error');
    await error.waitFor();
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await axe(page, 'items');
    await shot(page, 'items-error');
    await page.getByLabel('Title').fill('SiC epitaxy partner for a pilot line');
    await page.getByRole('button', { name: 'Publish' }).click();
    const first = page.locator('li.card[aria-label="SiC epitaxy partner for a pilot line"]');
    await first.waitFor();
    // Edited in place: a blank title is refused beside the field, then the new title is kept.
    await first
      .getByRole('button', { name: 'Edit “SiC epitaxy partner for a pilot line”' })
      .click();
    await first.getByLabel('Title').fill('');
    await first.getByRole('button', { name: 'Save' }).click();
    await first.locator('.field-error').waitFor();
    expect(await first.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await first.getByLabel('Title').fill('SiC epitaxy partner, 150 mm pilot line');
    await first.getByRole('button', { name: 'Save' }).click();
    const card = page.locator('li.card[aria-label="SiC epitaxy partner, 150 mm pilot line"]');
    await card.waitFor();
    await card.getByRole('button', { name: 'End today' }).click();
    await card.getByRole('button', { name: 'End today' }).waitFor({ state: 'detached' });
    const items = await t.http.get('/v1/items').query({ text: 'SiC epitaxy partner' }).set(admin);
    expect(items.body.items).toEqual([
      expect.objectContaining({ validUntil: new Date().toISOString().slice(0, 10) }),
    ]);
    await context.close();
  }, 60000);

  it('a manager edits the digest settings (a bad time zone is named beside its field) and previews the next digest', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/sign-in`);
    await signInByEmail(page, 'ds-AU-2@cluster.example');
    await page.getByRole('link', { name: 'Profile and digest' }).click();
    await page.getByRole('heading', { name: 'Email digest' }).waitFor();
    await page.getByLabel('How often').selectOption('daily');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save' }).nth(1).click();
    await page
      .locator('.field-error')
      .filter({ hasText: /time ?zone|IANA/i })
      .waitFor();
    await page.getByLabel('Time zone').fill('Australia/Sydney');
    await page.getByRole('button', { name: 'Save' }).nth(1).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('button', { name: 'Preview the next digest' }).click();
    await page.getByRole('article', { name: 'Preview the next digest' }).waitFor();
    await axe(page, 'settings');
    await shot(page, 'settings');
    const owner = (
      await t.http.get('/v1/clusters').query({ text: 'AU' }).set(admin)
    ).body.items.find(
      (c: { contactEmail: string }) => c.contactEmail === 'ds-AU-2@cluster.example',
    );
    const saved = await t.http
      .get(`/v1/digest-settings/cluster:${owner.id}`)
      .set(admin)
      .expect(200);
    expect(saved.body).toMatchObject({ frequency: 'daily', timezone: 'Australia/Sydney' });
    await context.close();
  }, 60000);

  it('a contact of two parties chooses one after signing in, with the keyboard alone', async () => {
    const cluster = (await t.http.get('/v1/clusters').query({ economy: 'MX' }).set(admin)).body
      .items[0];
    await t.http
      .post('/v1/members')
      .set(admin)
      .send({
        clusterId: cluster.id,
        name: 'Andes Copper Lab',
        kind: 'university',
        description: 'Copper metallurgy research',
        contactEmail: cluster.contactEmail,
      })
      .expect(201);
    const { context, page } = await newPage();
    await page.goto(`${base}/sign-in`);
    // Keyboard only: focus the address field by tabbing, type, and send with Enter.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (
        await page
          .getByLabel('Your contact email')
          .evaluate((el) => el === el.ownerDocument.activeElement)
      )
        break;
    }
    const before = outboxLinks().length;
    await page.keyboard.type(cluster.contactEmail as string);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'sign-in link is on its way' }).waitFor();
    await page.goto(await nextLink(before));
    await page.waitForURL(`${base}/choose-party`);
    await page.getByRole('heading', { name: 'Who are you acting as?' }).waitFor();
    await axe(page, 'choose-party');
    const choice = page.getByRole('button', { name: 'Andes Copper Lab' });
    await choice.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Partner suggestions' }).waitFor();
    const me = await page.evaluate<string>('fetch("/v1/auth/session").then((r) => r.text())');
    expect(JSON.parse(me)).toMatchObject({ role: 'member' });
    await context.close();
  }, 60000);

  it("opens a digest's suggestion link after signing in", async () => {
    const who = 'ds-JP-1@cluster.example';
    const { context, page } = await newPage();
    const owner = (
      await t.http.get('/v1/clusters').query({ text: 'JP' }).set(admin)
    ).body.items.find((c: { contactEmail: string }) => c.contactEmail === who);
    const list = await t.http.get(`/v1/clusters/${owner.id}/suggestions`).set(admin).expect(200);
    const third = list.body.items[2] as { id: string; partner: { name: string } };
    await page.goto(`${base}/suggestions/${third.id}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInByEmail(page, who);
    await page.waitForURL(`${base}/suggestions/${third.id}`);
    const focused = page.locator('ol.suggestions > li.focused');
    await focused.waitFor();
    expect(await focused.getAttribute('aria-label')).toBe(third.partner.name);
    await context.close();
  }, 60000);

  it('an operator signs in with a key (never kept in the browser) and sees the service health', async () => {
    const { context, page } = await newPage();
    await signInWithKey(page);
    await page.getByRole('rowheader', { name: 'match', exact: true }).waitFor();
    const stored = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage }) + document.cookie',
    );
    expect(stored).not.toContain(ADMIN_TOKEN);
    await page.getByText('No failed jobs.').waitFor();
    // A full recompute asked from the page is queued (this test app runs no job processors).
    const waiting = async () =>
      (await t.http.get('/v1/admin/status').set(admin)).body.jobs.queues.match.waiting as number;
    const before = await waiting();
    page.once('dialog', (d) => void d.accept());
    const asked = page.waitForResponse((r) => r.url().endsWith('/v1/admin/recompute'));
    await page.getByRole('button', { name: 'Recompute every list' }).click();
    expect((await asked).status()).toBe(202);
    expect(await waiting()).toBe(before + 1);
    await page
      .getByRole('row', { name: /^match/ })
      .locator('td')
      .first()
      .filter({ hasText: new RegExp(`^${before + 1}$`) })
      .waitFor({ timeout: 10000 });
    await page.getByText('No full recompute has finished yet.').waitFor();
    await axe(page, 'health');
    await shot(page, 'health');

    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { name: 'サービスの状態' }).waitFor();
    await shot(page, 'health-ja');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    const after = await t.http
      .get('/v1/auth/session')
      .set('Cookie', (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
    expect(after.status).toBe(401);
    await context.close();
  }, 60000);

  it('an operator imports a file with bad lines and reads the rejections', async () => {
    const { context, page } = await newPage();
    await signInWithKey(page);
    await page.getByRole('link', { name: 'Import' }).click();
    const lines = [
      {
        type: 'cluster',
        externalId: 'web-import-1',
        name: 'Web import cluster',
        economy: 'PE',
        description: 'Copper mining services',
      },
      {
        type: 'cluster',
        externalId: 'web-import-2',
        name: 'Nowhere cluster',
        economy: 'ZZ',
        description: 'x',
      },
      'not json at all',
    ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
    await page.getByLabel('An NDJSON file').setInputFiles({
      name: 'registry.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByRole('definition').filter({ hasText: /^2$/ });
    await page.getByRole('table', { name: 'Rejected lines' }).waitFor();
    expect(await report.count()).toBeGreaterThan(0);
    const rows = page.getByRole('table', { name: 'Rejected lines' }).locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.first().locator('td').first().textContent()).toBe('2');
    await expect(rows.first().textContent()).resolves.toContain('economy');
    await axe(page, 'import');
    await shot(page, 'import');
    await context.close();
  }, 60000);

  it('an operator edits a draft, previews it, activates it, and the lists follow the new version', async () => {
    const { context, page } = await newPage();
    await signInWithKey(page);
    await page.getByRole('link', { name: 'Criteria' }).click();
    const status = page.getByRole('status').filter({ hasText: 'Active version' });
    const before = Number(/(\d+)/.exec((await status.textContent())!)![1]);
    await page.getByLabel('sectorAffinity').fill('1');
    await page.getByLabel('textSimilarity').fill('0');
    await page.getByRole('button', { name: 'Preview against the active version' }).click();
    const preview = page.getByRole('region', { name: 'What the draft would change' });
    await preview.locator('dt', { hasText: 'Overlap of the top 10' }).waitFor();
    // Three charts, drawn on canvases, each with its data a click away as a table.
    for (const name of [
      'Sampled lists by how much of their top 10 stays',
      'Suggestions per partner economy',
      'Suggestions per ISIC section of the partner',
    ])
      await preview.getByRole('img', { name }).locator('canvas').first().waitFor();
    const economies = preview
      .locator('figure')
      .filter({ hasText: 'Suggestions per partner economy' });
    await economies.getByText('Show the data as a table').click();
    const mix = economies.getByRole('table', { name: 'Suggestions per partner economy' });
    await mix.waitFor();
    expect(await mix.locator('tbody tr').count()).toBeGreaterThan(1);
    await preview.getByText('No labelled pairs in this store').waitFor();
    await axe(page, 'criteria');
    await shot(page, 'criteria-preview');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Save and activate' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Active version: ${before + 1}` })
      .waitFor();
    await page
      .getByRole('table', { name: 'Audit trail' })
      .getByRole('cell', { name: 'activated' })
      .first()
      .waitFor();

    const kr = (await t.http.get('/v1/clusters').query({ text: 'KR' }).set(admin)).body.items[0];
    const list = await t.http.get(`/v1/clusters/${kr.id}/suggestions`).set(admin).expect(200);
    expect(list.body.items[0].criteriaVersion).toBe(before + 1);
    await context.close();
  }, 60000);

  it('an operator fits the weights to what users did, and the fitted draft fills the editor', async () => {
    // Outcomes to learn from: on every cluster's list, the first partner marked useful and the
    // next two not relevant.
    const clusters = (await t.http.get('/v1/clusters?limit=100').set(admin)).body.items as {
      id: string;
    }[];
    for (const c of clusters) {
      const list = (await t.http.get(`/v1/clusters/${c.id}/suggestions`).set(admin)).body.items as {
        id: string;
      }[];
      for (const [i, s] of list.slice(0, 3).entries())
        await t.http
          .post(`/v1/suggestions/${s.id}/feedback`)
          .set(admin)
          .send({ status: i === 0 ? 'useful' : 'not_relevant' })
          .expect(200);
    }
    const { context, page } = await newPage();
    await signInWithKey(page);
    await page.getByRole('link', { name: 'Criteria' }).click();
    await page.getByRole('button', { name: 'Fit the weights to outcomes' }).click();
    const fitted = page.getByRole('status').filter({ hasText: 'Draft version' });
    await fitted.waitFor();
    const version = Number(/Draft version (\d+)/.exec((await fitted.textContent())!)![1]);
    const draft = await t.http.get(`/v1/match-criteria/${version}`).set(admin).expect(200);
    expect(draft.body.status).toBe('draft');
    for (const [name, weight] of Object.entries(draft.body.weights as Record<string, number>))
      // The slider shows the weight to its step of 0.01.
      expect(
        Math.abs(Number(await page.getByLabel(name, { exact: true }).inputValue()) - weight),
      ).toBeLessThanOrEqual(0.005 + 1e-9);
    await axe(page, 'criteria-fit');
    await shot(page, 'criteria-fit');
    await context.close();
  }, 90000);

  it('an operator reads the collaboration map between economies, and filters it by area', async () => {
    const { context, page } = await newPage();
    await signInWithKey(page);
    await page.getByRole('link', { name: 'Collaboration map' }).click();
    await page.getByRole('heading', { name: 'Collaboration map' }).waitFor();
    await page
      .getByRole('img', { name: 'Suggestions between economies' })
      .locator('canvas')
      .first()
      .waitFor();
    const all = (await t.http.get('/v1/admin/collaboration-map').set(admin).expect(200)).body;
    expect(all.totals.requested).toBeGreaterThan(0);
    const busiest = page.getByRole('table', { name: /busiest pair/ });
    const first = busiest.locator('tbody tr').first();
    expect(await first.getByRole('rowheader').textContent()).toBe(all.cells[0].from);
    expect(await first.locator('td').first().textContent()).toBe(all.cells[0].to);
    await page
      .getByRole('status')
      .filter({ hasText: `introductions asked: ${all.totals.requested} ·` })
      .waitFor();
    await axe(page, 'collaboration-map');
    await shot(page, 'collaboration-map');
    await page.getByLabel('Show').selectOption('acceptanceRate');
    await page.getByRole('img', { name: 'Acceptance rate between economies' }).waitFor();

    await page.getByLabel('Area').selectOption('joint_rd');
    const rd = (await t.http.get('/v1/admin/collaboration-map?area=joint_rd').set(admin)).body;
    await page
      .getByRole('status')
      .filter({ hasText: `Suggestions: ${rd.totals.suggestions} ·` })
      .waitFor();
    expect(rd.totals.suggestions).toBeLessThan(all.totals.suggestions);
    await context.close();
  }, 60000);

  it('a lost connection says so and offers a retry, which works once the connection is back', async () => {
    const { context, page } = await newPage();
    await signInWithKey(page);
    await context.setOffline(true);
    await page.getByRole('link', { name: 'Criteria' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The service cannot be reached' });
    await alert.waitFor();
    await context.setOffline(false);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Match criteria', level: 1 }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  }, 60000);

  it('every page can be used with the keyboard alone: Tab reaches each control', async () => {
    const reachesEverything = async (page: Page, name: string) => {
      // Count once the page has stopped changing (queries that finish late add controls).
      const html = () => page.evaluate<string>('document.body.innerHTML');
      for (let before = await html(), i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const now = await html();
        if (now === before) break;
        before = now;
      }
      const controls = await page.evaluate<number>(`(() => {
        const all = [...document.querySelectorAll(
          'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'
        )].filter((e) => e.getClientRects().length > 0);
        all.forEach((e, i) => e.setAttribute('data-kb', String(i)));
        return all.length;
      })()`);
      await page.evaluate('document.activeElement && document.activeElement.blur()');
      const reached = new Set<string>();
      for (let i = 0; i < controls + 5; i++) {
        await page.keyboard.press('Tab');
        const at = await page.evaluate<string | null>(
          "document.activeElement && document.activeElement.getAttribute('data-kb')",
        );
        if (at !== null) reached.add(at);
      }
      expect({ page: name, controls, reached: reached.size }).toEqual({
        page: name,
        controls,
        reached: controls,
      });
    };
    const { context, page } = await newPage();
    await signInWithKey(page);
    for (const [link, heading] of [
      ['Health', 'Service health'],
      ['Import', 'Import'],
      ['Criteria', 'Match criteria'],
      ['Collaboration map', 'Collaboration map'],
      ['API keys', 'API keys'],
    ]) {
      await page.getByRole('navigation').getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await reachesEverything(page, link);
    }
    await context.close();

    const party = await newPage();
    await party.page.goto(`${base}/sign-in`);
    await signInByEmail(party.page, 'ds-KR-0@cluster.example');
    for (const [link, heading] of [
      ['Suggestions', 'Partner suggestions'],
      ['Introductions', 'Introductions'],
      ['Needs and offers', 'Your needs and offers'],
      ['Profile and digest', 'Profile and digest'],
    ]) {
      await party.page.getByRole('navigation').getByRole('link', { name: link }).click();
      await party.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await party.page.waitForLoadState('networkidle');
      await reachesEverything(party.page, link);
    }
    await party.context.close();
  }, 90000);

  it('an operator creates a key (shown once), rotates it and revokes it', async () => {
    const { context, page } = await newPage();
    await signInWithKey(page);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Role').selectOption('cluster_manager');
    await page.getByLabel('Label').fill('Nowhere office');
    await page.getByLabel('Cluster ids').fill('no-such-cluster');
    await page.getByRole('button', { name: 'Create the key' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel('Role').selectOption('operator');
    await page.getByLabel('Label').fill('Night desk');
    await page.getByRole('button', { name: 'Create the key' }).click();
    const shown = page.getByRole('alert').filter({ hasText: 'shown this once' }).locator('code');
    const token = (await shown.textContent())!;
    await t.http
      .get('/v1/me')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    await axe(page, 'api-keys');
    await shot(page, 'api-keys');
    await page.getByRole('button', { name: 'Rotate Night desk' }).click();
    await page.getByRole('alert').locator('code').filter({ hasNotText: token }).waitFor();
    const rotated = (await page.getByRole('alert').locator('code').textContent())!;
    await t.http
      .get('/v1/me')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke Night desk' }).click();
    await page
      .getByRole('row', { name: /Night desk/ })
      .getByText('Revoked')
      .waitFor();
    await t.http
      .get('/v1/me')
      .set({ Authorization: `Bearer ${rotated}` })
      .expect(401);
    await context.close();
  }, 60000);

  it('speaks the browser’s language, with reasons and economy names in it, and switches on demand', async () => {
    const words = (lang: string) =>
      JSON.parse(readFileSync(join(ROOT, 'i18n', 'locales', lang, 'app.json'), 'utf8')) as {
        [k: string]: Record<string, string>;
      };
    const [ja, th] = [words('ja'), words('th')];
    const { context, page } = await newPage('ja-JP');
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { name: ja.signIn.heading }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('ja');
    const before = outboxLinks().length;
    await page.getByLabel(ja.signIn.emailLabel).fill('ds-VN-1@cluster.example');
    await page.getByRole('button', { name: ja.signIn.send }).click();
    await page.goto(await nextLink(before));
    await page.getByRole('heading', { name: ja.suggestions.heading }).waitFor();
    const first = page.locator('ol.suggestions > li').first();
    await first.waitFor();
    const reason = (await first.locator('.reason').textContent())!;
    expect(reason).not.toMatch(/matches their offer|shared sectors|both work in|look for partners/);
    expect(reason).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    const economy = (await first.locator('.economy').textContent())!.replace(/[()]/g, '');
    expect(Object.values(economyNames()).map((n) => n.ja)).toContain(economy);
    await axe(page, 'suggestions (ja)');
    await shot(page, 'suggestions-ja');

    await page.getByLabel(ja.app.language).selectOption('th');
    await page.getByRole('heading', { name: th.suggestions.heading }).waitFor();
    await page.waitForFunction(
      "/[\\u0E00-\\u0E7F]/.test(document.querySelector('ol.suggestions .reason')?.textContent ?? '')",
    );
    expect(await page.evaluate('document.documentElement.lang')).toBe('th');
    await axe(page, 'suggestions (th)');
    await shot(page, 'suggestions-th');
    await context.close();
  }, 60000);

  it('renders the digest in all 11 locales as a mail client shows it (screenshots)', async () => {
    const owner = (await t.app.get(ClustersRepository).findByExternalId('ds-VN-0'))!;
    const recipient = encodeURIComponent(`cluster:${owner.id}`);
    // A mail client runs no scripts.
    const context = await browser.newContext({
      viewport: { width: 640, height: 900 },
      javaScriptEnabled: false,
    });
    for (const lang of LOCALES) {
      await t.http
        .put(`/v1/digest-settings/${recipient}`)
        .set(admin)
        .send({ language: lang })
        .expect(200);
      const preview = await t.http
        .get('/v1/digests/preview')
        .query({ recipient: `cluster:${owner.id}` })
        .set(admin)
        .expect(200);
      expect(preview.body.html).toContain(`<html lang="${lang}"`);
      expect(preview.body.entries.length).toBeGreaterThan(0);
      const page = await context.newPage();
      await page.setContent(preview.body.html as string, { waitUntil: 'load' });
      // The partner names the digest lists are on the page, drawn (not hidden by the layout).
      await expect(
        page
          .getByText(preview.body.entries[0].partnerName as string)
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      await page.screenshot({ path: join(SCREENS, `digest-${lang}.png`), fullPage: true });
      await page.close();
    }
    await context.close();
  }, 60000);

  it('ran under the strict Content-Security-Policy without a violation', () => {
    expect(violations).toEqual([]);
  });
});
