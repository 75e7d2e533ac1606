import { expect, test, type Browser, type Page } from '@playwright/test';
import { createOpenStudy, makeImageSetZip, makeSizedImageSetZip, signIn } from './helpers';

// The trial view on a phone and on a small laptop: on every trial both images and all five answers are on
// screen without scrolling, the page is back at the top with the focus on the trial's heading, and the
// labels say where the images are (side by side: Left / Right; stacked: Top / Bottom).

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const LAPTOP = { viewport: { width: 1366, height: 768 } };
type Arrangement = 'side' | 'stacked';
const NAMES: Record<Arrangement, [string, string]> = { side: ['Left', 'Right'], stacked: ['Top', 'Bottom'] };

async function expectOnScreen(page: Page, what: string, box: { x: number; y: number; width: number; height: number } | null) {
  const { width, height } = page.viewportSize()!;
  expect(box, `${what} is rendered`).not.toBeNull();
  expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(width);
  expect(box!.y + box!.height, `${what} bottom edge`).toBeLessThanOrEqual(height);
}

/** A new participant takes the whole study on `device`; returns the drawn width of the images per trial. */
async function takeStudy(browser: Browser, slug: string, device: typeof PHONE | typeof LAPTOP, arrangement: Arrangement, shot: string) {
  const context = await browser.newContext(device);
  const touch = 'hasTouch' in device;
  const page = await context.newPage();
  await page.goto(`/s/${slug}`);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'How it works' })).toBeFocused();
  await page.getByRole('button', { name: 'Start' }).click();

  const counter = page.getByTestId('trial-counter');
  await expect(counter).toHaveText(/^1 \/ \d+$/);
  const total = Number((await counter.innerText()).split('/')[1]);
  const [first, second] = NAMES[arrangement];
  const widths: number[] = [];
  for (let n = 1; n <= total; n++) {
    // the new trial: counter on screen at the top, focus on its heading
    await expect(counter).toHaveText(`${n} / ${total}`);
    await expect(counter).toBeInViewport({ ratio: 1 });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toHaveAccessibleName(`Comparison ${n} of ${total}`);
    await expect(heading).toBeFocused();
    if (n > 1) await expect(page.locator('[aria-live="polite"]')).toHaveText(`Answer saved. Comparison ${n} of ${total}.`);

    // both images and the five answers on screen at once, labelled after the layout
    const buttons = page.getByRole('group', { name: 'Your answer' }).getByRole('button');
    await expect(buttons).toHaveCount(5);
    await expect(buttons.first()).toBeEnabled();
    await expect(buttons.first()).toHaveAccessibleName(new RegExp(`^(1 )?${first} clearly better$`));
    await expect(buttons.nth(2)).toHaveAccessibleName(/Similar$/);
    await expect(buttons.last()).toHaveAccessibleName(new RegExp(`^(5 )?${second} clearly better$`));
    const images = page.locator('main img');
    await expect(images).toHaveCount(2);
    await expect(images.first()).toHaveAttribute('alt', `${first} image`);
    await expect(images.last()).toHaveAttribute('alt', `${second} image`);
    const [a, b] = [await images.first().boundingBox(), await images.last().boundingBox()];
    await expectOnScreen(page, `trial ${n}: ${first} image`, a);
    await expectOnScreen(page, `trial ${n}: ${second} image`, b);
    for (let i = 0; i < 5; i++) await expectOnScreen(page, `trial ${n}: answer ${i + 1}`, await buttons.nth(i).boundingBox());
    if (arrangement === 'side') {
      expect(Math.abs(a!.y - b!.y)).toBeLessThan(1);
      expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x);
    } else {
      expect(Math.abs(a!.x - b!.x)).toBeLessThan(1);
      expect(a!.y + a!.height).toBeLessThanOrEqual(b!.y);
    }
    widths.push(a!.width);
    if (n === 1) await page.screenshot({ path: test.info().outputPath(`${shot}.png`) });
    if (n === 2) {
      // a reload resumes this trial, same images, focus on its heading
      const srcs = await images.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
      await page.reload();
      await expect(counter).toHaveText(`${n} / ${total}`);
      await expect(heading).toBeFocused();
      expect(await images.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src))).toEqual(srcs);
      await expect(buttons.first()).toHaveAccessibleName(new RegExp(`^(1 )?${first} clearly better$`));
      await expect(buttons.first()).toBeEnabled();
    }

    // answer with a tap (a click on the laptop) on even trials, with the keyboard on odd ones
    if (n % 2 === 1) await page.keyboard.press(String((n % 5) + 1));
    else if (touch) await buttons.nth(n % 5).tap();
    else await buttons.nth(n % 5).click();
  }
  await expect(page.getByTestId('completion-code')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeFocused();
  await context.close();
  return widths;
}

test.describe('participant trial view', () => {
  let small = '';
  let large = '';
  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await signIn(page);
    small = (await createOpenStudy(page, await makeImageSetZip(4), { title: 'E2E phone 24 px', attentionCheckRate: 0.25 })).slug;
    large = (await createOpenStudy(page, await makeSizedImageSetZip(4, 512), { title: 'E2E phone 512 px', attentionCheckRate: 0.25 })).slug;
    await page.close();
  });

  test('phone, 24 px images: side by side, each larger than native', async ({ browser }) => {
    const widths = await takeStudy(browser, small, PHONE, 'side', 'phone-24');
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(24);
  });

  test('phone, 512 px images: stacked, each wider than half the screen', async ({ browser }) => {
    const widths = await takeStudy(browser, large, PHONE, 'stacked', 'phone-512');
    for (const w of widths) expect(w).toBeGreaterThan(PHONE.viewport.width / 2);
  });

  test('1366×768, 512 px images: side by side at native size', async ({ browser }) => {
    const widths = await takeStudy(browser, large, LAPTOP, 'side', 'laptop-512');
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(512);
  });

  test('1366×768, 24 px images: side by side', async ({ browser }) => {
    await takeStudy(browser, small, LAPTOP, 'side', 'laptop-24');
  });
});
