// Draws the web app's icons (src/main/resources/web/icons/*.png): a white speech bubble with three
// dots on the page's accent blue. No image tools needed: shapes are tested per pixel, 4x4
// supersampled, and written as PNG by png.mjs. Run: node src/main/icons/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.mjs';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'web', 'icons');
const BLUE = [0x2f, 0x6f, 0xed];
const WHITE = [0xff, 0xff, 0xff];

function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function triangle(x, y, [ax, ay], [bx, by], [cx, cy]) {
  const d = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = d(x, y, ax, ay, bx, by), d2 = d(x, y, bx, by, cx, cy), d3 = d(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** Colour (rgba) at a point of the unit square; `safe` shrinks the bubble into the maskable safe zone. */
function shade(x, y, fullBleed, safe) {
  const inBackground = fullBleed || roundedRect(x, y, 0, 0, 1, 1, 0.22);
  if (!inBackground) return [0, 0, 0, 0];
  const u = 0.5 + (x - 0.5) / safe;
  const v = 0.5 + (y - 0.5) / safe;
  const bubble = roundedRect(u, v, 0.18, 0.22, 0.82, 0.68, 0.12)
    || triangle(u, v, [0.28, 0.6], [0.46, 0.6], [0.24, 0.82]);
  if (!bubble) return [...BLUE, 255];
  for (const dx of [0.35, 0.5, 0.65]) {
    if ((u - dx) ** 2 + (v - 0.45) ** 2 <= 0.055 ** 2) return [...BLUE, 255];
  }
  return [...WHITE, 255];
}

function png(size, fullBleed, safe) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const n = 4;
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, fullBleed, safe);
          for (let i = 0; i < 3; i++) sum[i] += c[i] * c[3];
          sum[3] += c[3];
        }
      }
      const o = py * (size * 4 + 1) + 1 + px * 4;
      const alpha = sum[3] / (n * n);
      for (let i = 0; i < 3; i++) raw[o + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
      raw[o + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, size, 6, raw, 9);
}

writeFileSync(join(OUT, 'icon-192.png'), png(192, false, 1));
writeFileSync(join(OUT, 'icon-512.png'), png(512, false, 1));
// maskable: the whole square is background and the bubble sits inside the central 80% safe zone
writeFileSync(join(OUT, 'icon-maskable-512.png'), png(512, true, 0.8));
