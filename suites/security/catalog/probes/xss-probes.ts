import { chromiumMissingReason, launchChromium } from '@orch/harness';
import { jsonOf } from '../../support/http-client';
import { Checks, describe as status, notRun, type Probe } from '../probe';

/** The few browser globals the page checks use (the suite compiles without the DOM library). */
interface BrowserGlobals {
  __xss?: number;
  document: { getElementById(id: string): { textContent: string | null } | null; querySelectorAll(selector: string): { length: number } };
}

/** Each payload, if it ever runs, sets a flag the probe reads back from the page. */
const XSS_PAYLOADS = [
  "<script>alert('xss')</script>",
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '</script><script>window.__xss = 3</script>',
  '"><svg onload="window.__xss = 4">',
  'javascript:window.__xss = 5',
  '<iframe srcdoc="<script>parent.__xss = 6</script>"></iframe>',
];

export const XSS_PROBES: Probe[] = [
  {
    id: 'XSS-01',
    title: "stored XSS in a project name (<script>alert('xss')</script>) never runs in the studio page (headless Chromium)",
    scenarios: ['SEC-08'],
    owasp: 'API8:2023 Security Misconfiguration (output encoding)',
    category: 'stored-xss',
    expected: 'the API serves names as JSON with nosniff; the studio page shows each name as text; no payload runs, no dialog opens',
    systems: ['ai-dawg'],
    needs: ['browser'],
    async run(context) {
      const missing = chromiumMissingReason();
      if (missing) return notRun(missing);
      const checks = new Checks();
      const user = await context.target.createUser('xss');
      const auth = { authorization: `Bearer ${user.token}` };
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        let dialogs = 0;
        page.on('dialog', (dialog) => {
          dialogs += 1;
          void dialog.dismiss();
        });
        for (const payload of XSS_PAYLOADS) {
          const created = await context.request({ method: 'POST', path: '/api/projects', headers: auth, json: { name: payload } });
          const project = jsonOf<{ project?: { id: string; name: string } }>(created)?.project;
          if (!project) {
            checks.expect(created.status === 400, `name ${JSON.stringify(payload)} answered ${status(created)}`);
            continue;
          }
          const contentType = String(created.headers['content-type'] ?? '');
          checks.expect(contentType.startsWith('application/json'), `the API answered a stored name as ${contentType}`);
          await page.goto(`${context.target.baseUrl}/studio/${project.id}?token=${encodeURIComponent(user.token)}&source=demo`, { waitUntil: 'load' });
          // Markup that runs does so while the page loads: a flag set already is a finding, no need to wait.
          const early = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).__xss);
          if (early !== undefined || dialogs > 0) {
            // One payload that runs settles the verdict; the rest would only repeat it.
            checks.expect(false, `payload ${JSON.stringify(payload)} ran in the studio page (flag ${early}, ${dialogs} dialogs)`);
            break;
          }
          // The page fetches the project and writes its name; wait until it shows, then look for the flag.
          const shown = await page
            .waitForFunction((expected) => (globalThis as unknown as BrowserGlobals).document.getElementById('project-name')?.textContent === expected, project.name, {
              timeout: 3000,
            })
            .then(() => true)
            .catch(() => false);
          checks.expect(shown, `the studio page did not show the name ${JSON.stringify(payload)} as text`);
          const flag = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).__xss);
          checks.expect(flag === undefined, `payload ${JSON.stringify(payload)} ran in the studio page (flag ${flag})`);
          const injected = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.querySelectorAll('#project-name *').length);
          checks.expect(injected === 0, `payload ${JSON.stringify(payload)} became ${injected} HTML elements`);
        }
        checks.expect(dialogs === 0, `${dialogs} alert dialogs opened`, `${XSS_PAYLOADS.length} payloads shown as text, 0 dialogs`);
      } finally {
        await browser.close();
      }
      return checks.outcome();
    },
  },
  {
    id: 'XSS-02',
    title: 'reflected XSS through the studio URL (project id, coach URL, notes) is refused or inert',
    scenarios: ['SEC-08'],
    owasp: 'API8:2023 Security Misconfiguration (output encoding)',
    category: 'stored-xss',
    expected: '400 for malformed parameters; where the page is served, no payload runs and the CSP forbids inline script',
    systems: ['ai-dawg'],
    async run(context) {
      const checks = new Checks();
      const id = '3f1c2b9e-8a4d-4c6e-9b2a-1d5e7f9a0b3c';
      const attempts = [
        `/studio/${encodeURIComponent('<script>alert(1)</script>')}`,
        `/studio/${id}?coach=${encodeURIComponent('javascript:alert(1)')}`,
        `/studio/${id}?coach=${encodeURIComponent('ws://x/</script><script>alert(1)</script>')}`,
        `/studio/${id}?notes=${encodeURIComponent('1,<img src=x onerror=alert(1)>')}`,
        `/studio/${id}?token=${encodeURIComponent('</script><script>alert(1)</script>')}`,
      ];
      for (const path of attempts) {
        const response = await context.request({ path });
        if (response.status === 400) continue;
        checks.expect(response.status === 200, `${path} answered ${status(response)}`);
        checks.expect(!/<script>alert\(1\)<\/script>/i.test(response.text) && !/<img src=x/i.test(response.text), `${path} reflected markup unescaped`);
        const csp = String(response.headers['content-security-policy'] ?? '');
        checks.expect(
          /script-src 'self'/.test(csp) && !/unsafe-inline[^;]*script|script-src[^;]*unsafe-inline/.test(csp),
          `${path} has no strict script-src CSP: "${csp}"`,
          `${path.slice(0, 60)} → ${status(response)} with CSP`,
        );
      }
      return checks.outcome();
    },
  },
];
