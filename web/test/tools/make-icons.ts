/**
 * Regenerates web/public/icons/*.png from one inline SVG by screenshotting it in the system Chromium.
 * Run from the repo root: `npx tsx web/test/tools/make-icons.ts`. The PNGs are committed; this script
 * is only needed when the artwork changes.
 */
import { chromium } from 'playwright-core';

const OUT = new URL('../../public/icons/', import.meta.url);

/** A handset in a circle; `safe` shrinks the glyph into the maskable safe zone (80 % circle). */
function svg(size: number, isMaskable: boolean): string {
  const radius = isMaskable ? 0 : size * 0.18;
  const glyphScale = isMaskable ? 0.62 : 0.78;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="${(radius / size) * 100}" fill="#1f4e8c"/>
  <g transform="translate(50 50) scale(${glyphScale}) translate(-50 -50)">
    <circle cx="50" cy="50" r="38" fill="#ffffff"/>
    <path fill="#1f4e8c" d="M36.5 27c1.6-.9 3.6-.4 4.6 1.1l4.6 7c.9 1.4.7 3.3-.5 4.5l-3.1 3c1.9 4.4 5.4 8.2 9.8 10.3l3.1-3c1.2-1.2 3.1-1.4 4.5-.4l6.9 4.7c1.5 1 2 3 1.1 4.6l-2.3 4.1c-1.2 2.1-3.7 3.1-6 2.4C44.4 66.5 33.4 55.4 28.9 40.6c-.7-2.3.3-4.8 2.4-6z"/>
  </g>
</svg>`;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  const jobs: [string, number, boolean][] = [
    ['icon-192.png', 192, false],
    ['icon-512.png', 512, false],
    ['maskable-512.png', 512, true],
  ];
  for (const [name, size, isMaskable] of jobs) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg(size, isMaskable)}</body></html>`);
    await page.locator('svg').screenshot({ path: new URL(name, OUT).pathname, omitBackground: true });
  }
} finally {
  await browser.close();
}
