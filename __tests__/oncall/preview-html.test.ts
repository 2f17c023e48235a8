import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Browser globals of the functions evaluated in the page (the project compiles without the DOM library).
declare const getComputedStyle: (e: unknown) => { outlineColor: string; borderLeftColor: string; backgroundColor: string };
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

// The page as a person sees it, in Debian's chromium (installed by .ci/system-packages), headless and offline.
const root = join(__dirname, '..', '..');
const houndstack = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'houndstack.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('houndstack oncall preview --html, in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let result: ReturnType<typeof houndstack>;
  const html = () => join(dir, 'oncall.html');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'houndstack-oncall-html-'));
    const overrides = join(dir, 'overrides.yaml');
    writeFileSync(overrides, 'overrides:\n  - { team: identity, from: 2026-12-09T18:00, to: 2026-12-11T10:00, who: lea.martin@example.com, reason: Jonas at a wedding }\n');
    result = houndstack('oncall', 'preview', '--from', '2026-12-07', '--weeks', '2', '--overrides', overrides, '--html', html());
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
    page = await context.newPage();
    await page.goto(`file://${html()}`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the page and says so on stderr only', () => {
    expect(result.stderr).toBe(`wrote ${html()}\n`);
    expect(result.stdout).toContain('identity (Identity, Europe/Paris)');
  });

  it('shows one card per team with its zone and period', async () => {
    expect(await page.locator('article.team h2').allTextContents()).toEqual(['Identity', 'Platform SRE', 'Payments']);
    expect(await page.locator('#team-identity .meta').textContent()).toBe('Europe/Paris · 2026-12-07 to 2026-12-21 · times are local to the team');
  });

  it('shows two weeks of seven days, days across and hours down', async () => {
    const identity = page.locator('#team-identity');
    expect(await identity.locator('section.week h3').allTextContents()).toEqual(['Week of 7 Dec 2026', 'Week of 14 Dec 2026']);
    expect(await identity.locator('section.week').first().locator('.dayhead').allInnerTexts()).toEqual(['\u00a0', 'Mon 7 Dec', 'Tue 8 Dec', 'Wed 9 Dec', 'Thu 10 Dec', 'Fri 11 Dec', 'Sat 12 Dec', 'Sun 13 Dec']);
    expect(await identity.locator('section.week').first().locator('.hour').allTextContents()).toEqual(Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`));
  });

  it('puts the handoff where it happens: Ines until 10:00 on monday, then Jonas with Lea as secondary', async () => {
    const monday = page.locator('#team-identity section.week').first().locator('.col').nth(1);
    const blocks = monday.locator('.block');
    expect(await blocks.allInnerTexts()).toEqual(['Ines Moreau\n2nd: Jonas Weber\n00:00–10:00', 'Jonas Weber\n2nd: Lea Martin\n10:00–24:00']);
    const day = await monday.locator('.day').boundingBox();
    const handoff = await blocks.nth(1).boundingBox();
    // 10:00 is 10/24 of the day's height down.
    expect(Math.round(((handoff!.y - day!.y) / day!.height) * 24)).toBe(10);
  });

  it('marks the override, and the clash it makes, on the blocks it changes and in the list', async () => {
    const wednesday = page.locator('#team-identity section.week').first().locator('.col').nth(3);
    const swapped = wednesday.locator('.block.override');
    expect(await swapped.innerText()).toBe('Lea Martin\noverride\nalso secondary\n18:00–24:00');
    expect(await swapped.evaluate((e) => getComputedStyle(e).outlineColor)).toBe('rgb(217, 54, 54)');
    expect(await page.locator('#team-identity .conflicts li').allTextContents()).toEqual(['Lea Martin is primary and secondary at once 2026-12-09 18:00 – 2026-12-11 10:00 (40 h)']);
  });

  it('gives each person one colour, in the legend and on their blocks', async () => {
    const legend = page.locator('#team-platform .legend li');
    expect(await legend.count()).toBe(4);
    const jonas = await page.locator('#team-identity .block[data-primary="jonas.weber@example.com"]').first().evaluate((e) => getComputedStyle(e).borderLeftColor);
    const swatch = await page.locator('#team-identity .legend li', { hasText: 'Jonas Weber' }).locator('.swatch').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(jonas).toBe(swatch);
  });

  it('shows the load per person over the period', async () => {
    const rows = await page.locator('#team-platform table.fairness tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { querySelectorAll(s: string): { textContent: string }[] }).querySelectorAll('td'), (td) => td.textContent)));
    expect(rows).toEqual([
      ['Diego Lopez', '7', '98', '0', '63', '28'],
      ['Maya Chen', '8', '98', '0', '63', '28'],
      ['Olivia Hughes', '7', '70', '0', '0', '20'],
      ['Tom Baker', '7', '70', '0', '0', '20'],
    ]);
    expect(await page.locator('#team-platform .ok').textContent()).toBe('Every hour has someone on the primary, and nobody is primary and secondary at once.');
  });

  it('fits the calendar in the window without horizontal scrolling, and screenshots', async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const shot = join(dir, 'oncall.png');
    await page.locator('#team-identity').screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  });
});
