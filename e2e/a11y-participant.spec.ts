import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createOpenStudy, makeImageSetZip, makeSizedImageSetZip, signIn } from './helpers';

// axe-core on every state of the participant pages (consent, instructions, a trial, done) at a laptop's and a
// phone's width, with small images (side by side everywhere) and large ones (stacked on the phone): no
// violation of impact serious or critical.

async function expectNoSeriousViolations(page: Page, state: string) {
  await page.screenshot({ path: test.info().outputPath(`${state.replace(/ /g, '-')}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${state}: serious or critical axe violations`).toEqual([]);
}

const VIEWPORTS = [
  { name: 'laptop', viewport: { width: 1366, height: 768 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

test.describe('participant pages pass axe-core', () => {
  const slugs: Record<string, string> = {};
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await signIn(page);
    const settings = { trialsPerParticipant: 2, attentionCheckRate: 0 };
    slugs['24 px'] = (await createOpenStudy(page, await makeImageSetZip(2), { title: 'E2E a11y 24 px', ...settings })).slug;
    slugs['512 px'] = (await createOpenStudy(page, await makeSizedImageSetZip(2, 512), { title: 'E2E a11y 512 px', ...settings })).slug;
    await page.close();
  });

  for (const { name, viewport } of VIEWPORTS) {
    for (const images of ['24 px', '512 px']) {
      test(`${name}, ${images} images: consent, instructions, trial, done`, async ({ browser }) => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(`/s/${slugs[images]}`);
        await expect(page.getByRole('heading', { name: 'Consent' })).toBeVisible();
        await expectNoSeriousViolations(page, 'consent');

        await page.getByRole('checkbox').check();
        await page.getByRole('button', { name: 'Continue' }).click();
        await expect(page.getByRole('heading', { name: 'How it works' })).toBeFocused();
        await expectNoSeriousViolations(page, 'instructions');

        await page.getByRole('button', { name: 'Start' }).click();
        const answers = page.getByRole('group', { name: 'Your answer' }).getByRole('button');
        for (const n of [1, 2]) {
          await expect(page.getByTestId('trial-counter')).toHaveText(`${n} / 2`);
          await expect(answers.first()).toBeEnabled();
          await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
          await expectNoSeriousViolations(page, `trial ${n}`);
          await answers.nth(2).click();
        }

        await expect(page.getByTestId('completion-code')).toBeVisible();
        await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeFocused();
        await expectNoSeriousViolations(page, 'done');
        await context.close();
      });
    }
  }
});
