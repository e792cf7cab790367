// Accessibility checks the end-to-end tests share: axe-core injected into a page, and the
// contrast of each painted underline measured from the browser's computed styles. The
// contrast arithmetic here is written apart from content/palette.js on purpose, so a mistake
// there cannot hide itself.
'use strict';
const fs = require('fs');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

// Evaluated through the DevTools protocol, so extension pages' CSP does not block it.
async function axe(page, context) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async ({ tags, ctx }) => {
    const res = await window.axe.run(ctx || document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      passes: res.passes.length,
      violations: res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    };
  }, { tags: TAGS, ctx: context || null });
}

function parse(text) {
  const m = String(text).match(/rgba?\(([^)]*)\)/);
  if (!m) return null;
  const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p[3] === undefined ? 1 : p[3]];
}

const blend = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);

function lum([r, g, b]) {
  const f = (c) => { const v = c / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

function ratio(a, b) {
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Per drawn label: the underline colour the browser computes for the first marked sentence,
// the opaque background behind it, and the ratios against that background and against the
// label's own fill laid over it.
async function contrastReport(page) {
  const raw = await page.evaluate(() => {
    const out = [];
    for (const [name, hl] of CSS.highlights) {
      if (!name.startsWith('sourcemark-')) continue;
      const range = [...hl][0];
      const el = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      const style = getComputedStyle(el, `::highlight(${name})`);
      const layers = [];
      for (let node = el; node; node = node.parentElement) layers.push(getComputedStyle(node).backgroundColor);
      out.push({ label: name.slice(11), ink: style.textDecorationColor, fill: style.backgroundColor, layers,
        scheme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light' });
    }
    return out;
  });
  return raw.map((r) => {
    let bg = [255, 255, 255, 1]; // the canvas behind a page that paints nothing
    for (const layer of r.layers.map(parse).reverse()) if (layer && layer[3] > 0) bg = blend(layer, bg);
    const ink = parse(r.ink);
    const fill = parse(r.fill) || [0, 0, 0, 0];
    const round = (x) => Math.round(x * 100) / 100;
    return { label: r.label, scheme: r.scheme, ink: r.ink, fill: r.fill, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
      onBackground: round(ratio(ink, bg)), onFill: round(ratio(ink, blend(fill, bg))) };
  }).sort((a, b) => a.label.localeCompare(b.label));
}

// The swatches (popup legend and list, the card's title) against the box they sit in: each
// must be drawn like its mark (same underline style) and keep 3:1 there too.
async function swatchReport(page) {
  const raw = await page.evaluate(() => {
    const host = document.querySelector('sourcemark-card');
    const scope = host ? host.shadowRoot : document;
    const out = [];
    for (const el of scope.querySelectorAll('.swatch')) {
      if (!el.getClientRects().length) continue; // hidden with its section
      const style = getComputedStyle(el);
      const label = ['unsourced', 'opinion', 'sourced'].find((l) => el.classList.contains(l) || el.closest(`.label-${l}`));
      const layers = [];
      for (let node = el.parentElement; node; node = node.parentElement || (node.getRootNode().host || null)) {
        layers.push(getComputedStyle(node).backgroundColor);
      }
      out.push({ label, style: style.textDecorationStyle, ink: style.textDecorationColor, layers });
    }
    return out;
  });
  return raw.map((r) => {
    let bg = [255, 255, 255, 1];
    for (const layer of r.layers.map(parse).reverse()) if (layer && layer[3] > 0) bg = blend(layer, bg);
    return { label: r.label, style: r.style, ink: r.ink, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
      ratio: Math.round(ratio(parse(r.ink), bg) * 100) / 100 };
  });
}

module.exports = { axe, contrastReport, swatchReport, ratio, TAGS };
