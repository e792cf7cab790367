// The highlight palette, chosen from the page's real background rather than the browser's
// colour scheme: a dark browser scheme on a white news page (or a light scheme on a dark
// site) must not leave underlines that vanish. Every underline ink gets at least
// TARGET:1 (WCAG 1.4.11 asks 3:1 for non-text marks) against the background and against
// the label's translucent fill laid over it. Pure: colours and documents in, colours out.
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else (root.SourceMark = root.SourceMark || {}).palette = api;
})(globalThis, function () {
  'use strict';

  const TARGET = 3.5; // above 3:1, so anti-aliasing of a 2px line does not take it under
  const STYLES = { unsourced: 'wavy', opinion: 'dashed', sourced: 'dotted' };
  // Starting points: the label's hue as it reads on a light and on a dark page.
  const BASE = {
    light: {
      unsourced: { ink: [161, 92, 0], fill: [255, 176, 0, 0.38] },
      opinion: { ink: [106, 27, 154], fill: [190, 110, 255, 0.30] },
      sourced: { ink: [27, 122, 52], fill: null },
    },
    dark: {
      unsourced: { ink: [255, 204, 102], fill: [255, 193, 7, 0.30] },
      opinion: { ink: [225, 166, 255], fill: [206, 147, 216, 0.30] },
      sourced: { ink: [123, 216, 143], fill: null },
    },
  };
  const WHITE = [255, 255, 255, 1];
  const DARK_CANVAS = [18, 18, 18, 1]; // Chromium's canvas under color-scheme: dark

  // 'rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)', 'rgb(1 2 3 / 50%)', '#abc', '#aabbcc' -> [r, g, b, a].
  function parseColor(text) {
    const s = String(text || '').trim().toLowerCase();
    if (s === 'transparent' || s === '') return [0, 0, 0, 0];
    let m = s.match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/);
    if (m) {
      const h = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
      return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(1);
    }
    m = s.match(/^rgba?\(([^)]*)\)$/);
    if (!m) return null;
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    const num = (p, scale) => (p.endsWith('%') ? (parseFloat(p) / 100) * scale : parseFloat(p));
    const rgba = [num(parts[0], 255), num(parts[1], 255), num(parts[2], 255), parts[3] === undefined ? 1 : num(parts[3], 1)];
    return rgba.some((x) => Number.isNaN(x)) ? null : rgba;
  }

  // `top` (possibly translucent) painted over the opaque `under`.
  function over(top, under) {
    const a = top[3] === undefined ? 1 : top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  }

  function luminance(rgb) {
    const lin = (c) => {
      const v = c / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
  }

  // WCAG 2 contrast ratio of two opaque colours.
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }

  const mix = (a, b, t) => [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
  const css = (c) => (c.length > 3 && c[3] < 1 ? `rgba(${c.slice(0, 3).map(Math.round).join(', ')}, ${c[3]})` : `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`);

  // Which way the page reads: dark inks on it or light ones (whichever can reach more contrast).
  function tone(bg) {
    return contrast([0, 0, 0], bg) >= contrast([255, 255, 255], bg) ? 'light' : 'dark';
  }

  // The palette for an opaque background [r, g, b]: per label the ink, the fill, the
  // underline style and the measured contrasts. Inks move toward black (light pages) or white
  // (dark pages) only as far as needed to reach TARGET against the background and the fill.
  function paletteFor(background) {
    const bg = background.slice(0, 3);
    const kind = tone(bg);
    const end = kind === 'light' ? [0, 0, 0] : [255, 255, 255];
    const labels = {};
    for (const [label, base] of Object.entries(BASE[kind])) {
      const grounds = [bg];
      if (base.fill) grounds.push(over(base.fill, bg).slice(0, 3));
      let ink = base.ink;
      for (let t = 0.05; t <= 1.0001 && Math.min(...grounds.map((g) => contrast(ink, g))) < TARGET; t += 0.05) {
        ink = mix(base.ink, end, t);
      }
      labels[label] = {
        ink, fill: base.fill, style: STYLES[label],
        contrast: Math.min(...grounds.map((g) => contrast(ink, g))),
        contrastOnBackground: contrast(ink, bg),
      };
    }
    return { background: bg, tone: kind, labels };
  }

  // The stylesheet that applies a palette to the page's marks. `:root` outranks the defaults
  // in highlight.css (same names, one class more specific), which stay as the fallback.
  function cssFor(palette) {
    const rules = [];
    for (const [label, p] of Object.entries(palette.labels)) {
      const body = [p.fill ? `background-color: ${css(p.fill)};` : '',
        `text-decoration: underline ${p.style} ${css(p.ink)}; text-decoration-thickness: 2px;`].filter(Boolean).join(' ');
      rules.push(`:root ::highlight(sourcemark-${label}) { ${body} }`);
      rules.push(`:root sourcemark-hl[data-label="${label}"] { ${body} }`);
    }
    return rules.join('\n');
  }

  // Custom properties for swatches (card, popup) that should look like the marks.
  function swatchVars(palette) {
    const vars = {};
    for (const [label, p] of Object.entries(palette.labels)) {
      vars[`--sm-${label}-ink`] = css(p.ink);
      vars[`--sm-${label}-fill`] = p.fill ? css(p.fill) : 'transparent';
    }
    return vars;
  }

  // The opaque colour actually painted behind `el`: its own and its ancestors' backgrounds
  // composited up to the first opaque one, else the canvas (white, or dark where the page
  // opts into a dark colour scheme and the browser uses it). Background images are not read.
  function backgroundOf(el) {
    const doc = el.ownerDocument;
    const win = doc.defaultView;
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = parseColor(win.getComputedStyle(node).backgroundColor);
      if (c && c[3] > 0) layers.push(c);
      if (c && c[3] >= 1) break;
    }
    let base = WHITE;
    if (!layers.length || layers[layers.length - 1][3] < 1) {
      const scheme = win.getComputedStyle(doc.documentElement).colorScheme || '';
      const darkPreferred = !!(win.matchMedia && win.matchMedia('(prefers-color-scheme: dark)').matches);
      if (/\bdark\b/.test(scheme) && (darkPreferred || !/\blight\b/.test(scheme))) base = DARK_CANVAS;
    }
    let out = base;
    for (let i = layers.length - 1; i >= 0; i--) out = over(layers[i], out);
    return out.slice(0, 3);
  }

  // The background most of the marked sentences sit on (one palette per page keeps the
  // labels consistent; a sidebar box of another colour does not decide it).
  function pageBackground(elements) {
    const tally = new Map();
    for (const el of elements) {
      if (!el) continue;
      const key = backgroundOf(el).join(',');
      tally.set(key, (tally.get(key) || 0) + 1);
    }
    if (!tally.size) return WHITE.slice(0, 3);
    const [best] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0];
    return best.split(',').map(Number);
  }

  // Puts the palette's stylesheet on the document as a constructed sheet (no element enters
  // the page, and a Content-Security-Policy against inline styles does not apply), replacing
  // `previous`. Returns the sheet, or null where the engine refuses (highlight.css then rules).
  function adopt(doc, palette, previous) {
    unadopt(doc, previous);
    try {
      const sheet = new doc.defaultView.CSSStyleSheet();
      sheet.replaceSync(cssFor(palette));
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      return sheet;
    } catch (_) {
      return null;
    }
  }

  function unadopt(doc, sheet) {
    if (!sheet) return;
    try {
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets].filter((s) => s !== sheet);
    } catch (_) { /* nothing was added */ }
  }

  return { parseColor, over, luminance, contrast, tone, paletteFor, cssFor, swatchVars, backgroundOf, pageBackground, adopt, unadopt, TARGET, STYLES };
});
