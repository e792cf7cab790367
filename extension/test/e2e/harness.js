// End-to-end harness: the real SourceMark service on a free loopback port, a loopback web
// server for the fixture pages (with a recording pass-through to the service, so tests can
// see exactly what the extension sent and got), and Debian's Chromium with the unpacked
// extension loaded. Everything it starts it stops, also when a test fails.
'use strict';
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { chromium } = require('playwright-core');

const EXTENSION_DIR = path.join(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'fixtures');
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const MAX_TEXT_CHARS = 50000; // the service's limit in these tests, so a too-long page is cheap to make
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PYTHON = process.env.PYTHON || 'python3';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// `python3 -m sourcemark serve` in its own process group (gunicorn forks workers), with a
// throwaway data folder so test feedback never lands in a real label store.
async function startService({ timeoutMs = 120000 } = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-e2e-data-'));
  const env = {
    ...process.env, SOURCEMARK_ADMIN_TOKEN: ADMIN_TOKEN, SOURCEMARK_DATA_DIR: dataDir, SOURCEMARK_WORKERS: '1',
    SOURCEMARK_MAX_TEXT_CHARS: String(MAX_TEXT_CHARS), SOURCEMARK_FEEDBACK_RATE: '1000/minute', SOURCEMARK_LOG_LEVEL: 'warning',
    HF_HUB_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false',
  };
  const child = spawn(PYTHON, ['-m', 'sourcemark', 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  child.on('exit', (code) => { exited = code; });
  // If the test process dies before after() runs, the service must not outlive it.
  const reap = () => { if (exited === null) try { process.kill(-child.pid, 'SIGKILL'); } catch (_) { /* gone */ } };
  process.once('exit', reap);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch (_) { /* already gone */ }
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) try { process.kill(-child.pid, 'SIGKILL'); } catch (_) { /* gone */ }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      await stop();
      throw new Error(`the service exited (${exited}) before it was ready:\n${log.slice(-3000)}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return { url, port, stop, log: () => log, model: (await res.json()).model };
    } catch (_) { /* not listening yet */ }
    await sleep(250);
  }
  await stop();
  throw new Error(`the service was not ready within ${timeoutMs / 1000}s:\n${log.slice(-3000)}`);
}

// Fixture pages, a generated too-long page, and /svc/* passed through to the service with
// each exchange recorded.
async function startSite(serviceUrl) {
  const exchanges = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/svc/')) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const body = Buffer.concat(chunks);
      const upstream = await fetch(serviceUrl + url.pathname.slice(4) + url.search, {
        method: req.method, headers: { 'content-type': req.headers['content-type'] || 'application/json' },
        body: req.method === 'GET' ? undefined : body,
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      exchanges.push({ path: url.pathname.slice(4), request: body.length ? JSON.parse(body) : null,
        status: upstream.status, response: JSON.parse(answer.toString() || 'null') });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(answer);
      return;
    }
    if (url.pathname === '/too-long.html') {
      const para = '<p>The committee met again on Thursday and discussed the budget for the coming year in detail.</p>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Long</title><article><h1>Budget talks</h1>${para.repeat(Math.ceil(MAX_TEXT_CHARS / 90) + 50)}</article>`);
      return;
    }
    const file = path.join(FIXTURES, path.basename(url.pathname));
    if (!fs.existsSync(file)) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    const type = file.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8';
    const headers = { 'content-type': type };
    // Like many news sites, this one forbids inline styles and foreign scripts; the card and
    // the highlights must not depend on either.
    if (file.endsWith('ads-comments.html')) headers['content-security-policy'] = "default-src 'self'; style-src 'self'; script-src 'self'";
    res.writeHead(200, headers);
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, exchanges, proxyUrl: `${base}/svc`, stop: () => new Promise((r) => server.close(r)) };
}

async function launchBrowser({ args = [] } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: false, viewport: { width: 1280, height: 900 }, timeout: 60000,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`, ...args],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20000 });
  const extensionId = new URL(worker.url()).host;
  const stop = async () => {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, worker, extensionId, stop };
}

module.exports = { startService, startSite, launchBrowser, freePort, sleep, ADMIN_TOKEN, MAX_TEXT_CHARS, EXTENSION_DIR };

// Service, site and browser together, for a test file's before()/after().
async function startAll() {
  const service = await startService();
  let site;
  let browser;
  try {
    site = await startSite(service.url);
    browser = await launchBrowser();
  } catch (err) {
    if (site) await site.stop();
    await service.stop();
    throw err;
  }
  const stop = async () => {
    await browser.stop();
    await site.stop();
    await service.stop();
  };
  return { service, site, browser, context: browser.context, stop };
}

module.exports.startAll = startAll;
