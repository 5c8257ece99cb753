import { createServer, request as forward, type Server } from 'node:http';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-api.js';
import { groupBody, userBody } from '../support/fixtures.js';
import {
  CHROMIUM_PATH,
  chromiumAvailable,
  launchChromium,
  type HeadlessBrowser,
} from '../support/headless-chromium.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'okta-password-never-shown-7c1e';

if (!chromiumAvailable()) {
  console.warn(
    `Admin page browser tests skipped: ${CHROMIUM_PATH} is missing. Install Debian's chromium package (apt-get install chromium) to run them.`,
  );
}

describe.skipIf(!chromiumAvailable())('admin page in headless Chromium', () => {
  let t: TestApp;
  let browser: HeadlessBrowser;
  let page: Page;
  let origin: string;
  let managedUser: { id: string };
  let plainUser: { id: string };
  let managedRole: { id: string };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const okta = await t.tokenFor('okta');
    const created = await t.request('POST', '/provisioning/okta/v2/Users', {
      body: userBody('okta.user@example.test', { password: PASSWORD }),
      token: okta,
    });
    managedUser = created.body;
    const plain = await adminRequest(t, 'POST', '/users', {
      body: { email: 'plain@example.test', givenName: 'Plain', familyName: 'User' },
    });
    plainUser = plain.body.user;
    const role = await t.request('POST', '/provisioning/okta/v2/Groups', {
      body: groupBody('Okta engineers', { members: [{ value: managedUser.id }] }),
      token: okta,
    });
    managedRole = role.body;
    origin = await t.app.server.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(hash: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${origin}/admin${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  it('asks for the admin token and rejects a wrong one', async () => {
    await page.goto(`${origin}/admin`);
    await page.getByLabel('Admin token').fill('rcl_wrong');
    await page.keyboard.press('Enter');

    await expect
      .poll(() => page.locator('#token-error').textContent())
      .toContain('The admin token is unknown');
  });

  it('opens with the token typed and submitted from the keyboard', async () => {
    await page.getByLabel('Admin token').fill(t.adminToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Provisioning status' }).waitFor();
    const stored = await page.evaluate("sessionStorage.getItem('rolecall.adminToken')");
    const local = await page.evaluate('Object.keys(localStorage)');

    expect(stored).toBe(t.adminToken);
    expect(local).toEqual([]);
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('H1');
  });

  it('shows provisioning status per provider', async () => {
    await open('#/status', 'Provisioning status');
    const okta = page.getByRole('row').filter({ hasText: /^okta/ });

    await expect.poll(() => okta.locator('td').nth(1).textContent()).toBe('1');
    expect(await okta.locator('td').nth(3).textContent()).toBe('2');
  });

  it('lists the SCIM-provisioned user with its managed badge', async () => {
    await open('#/users', 'Users');
    const row = page.getByRole('row').filter({ hasText: 'okta.user@example.test' });

    await row.waitFor();
    expect(await row.getByText('managed by okta').isVisible()).toBe(true);
    const plainRow = page.getByRole('row').filter({ hasText: 'plain@example.test' });
    expect(await plainRow.getByText('unmanaged').isVisible()).toBe(true);
  });

  it('refuses to edit the managed user and says why', async () => {
    await page.getByRole('link', { name: 'okta.user@example.test' }).click();
    await page.getByRole('heading', { level: 1, name: /Alice Example/ }).waitFor();
    const notice = await page.locator('#managed-note').textContent();

    expect(notice).toContain('This user is managed by okta.');
    expect(notice).toContain('the next sync from okta would undo them');
    expect(await page.getByLabel('First name').isDisabled()).toBe(true);
    expect(await page.getByLabel('Email', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save names and email' }).isDisabled()).toBe(
      true,
    );
    expect(await page.getByRole('button', { name: 'Delete user' }).isDisabled()).toBe(true);
    expect(
      await page.getByRole('button', { name: 'Delete user' }).getAttribute('aria-describedby'),
    ).toBe('managed-note');
  });

  it('has the server refuse the edit even when the form is forced open', async () => {
    // Page scripts run in the browser; the expression is a string because tests compile without DOM types.
    await page.evaluate(
      "document.querySelectorAll('#edit-user fieldset').forEach((set) => { set.disabled = false; })",
    );
    await page.getByLabel('First name').fill('Renamed');
    await page.getByRole('button', { name: 'Save names and email' }).click();
    const alert = page.getByRole('alert');

    await expect
      .poll(() => alert.textContent())
      .toContain(`User ${managedUser.id} is managed by okta, so the rename was rejected`);
    const stored = await adminRequest(t, 'GET', `/users/${managedUser.id}`);
    expect(stored.body.user.givenName).toBe('Alice');
  });

  it("reads the managed user's activity entries", async () => {
    await open(`#/users/${managedUser.id}`, /Alice Example/);
    const recent = page.getByRole('table', { name: 'Newest requests that touched it' });
    await recent.getByText('POST /provisioning/okta/v2/Users').waitFor();

    await page.getByRole('link', { name: 'All activity of this resource' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    expect(await page.getByLabel('Resource id').inputValue()).toBe(managedUser.id);
    const create = page.getByRole('row').filter({ hasText: 'POST /provisioning/okta/v2/Users' });
    await create.getByRole('button', { name: /^Details of POST/ }).click();
    const detail = page.locator('#entry-detail');
    await detail.getByRole('heading', { name: 'Entry details' }).waitFor();
    const text = (await detail.textContent()) ?? '';

    expect(text).toContain('"password": "[redacted]"');
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('okta');
    expect(await page.evaluate('document.activeElement?.id')).toBe('entry-detail');
  });

  it('filters the activity log by status class', async () => {
    await open('#/activity', 'Activity');
    await page.getByLabel('Status', { exact: true }).fill('4xx');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=4xx/);
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    const statuses = await page
      .locator('#activity-table tbody tr td:nth-child(5) .status')
      .allTextContents();

    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status.startsWith('4'))).toBe(true);
  });

  it('refuses membership changes on a managed role', async () => {
    await open(`#/roles/${managedRole.id}`, /Okta engineers/);

    expect(await page.locator('#managed-note').textContent()).toContain(
      'This role is managed by okta.',
    );
    expect(await page.getByRole('button', { name: /^Remove / }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add member' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Rename role' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Delete role' }).isDisabled()).toBe(true);
  });

  it('edits an unmanaged user', async () => {
    await open(`#/users/${plainUser.id}`, /Plain User/);
    expect(await page.locator('#managed-note').count()).toBe(0);
    await page.getByLabel('First name').fill('Edited');
    await page.getByRole('button', { name: 'Save names and email' }).click();

    await page.getByRole('heading', { level: 1, name: /Edited User/ }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    const stored = await adminRequest(t, 'GET', `/users/${plainUser.id}`);
    expect(stored.body.user.displayName).toBe('Edited User');
  });

  it('creates a role and adds a member from the page', async () => {
    await open('#/roles', 'Roles');
    await page.getByLabel('Name', { exact: true }).fill('Page role');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('heading', { level: 1, name: /Page role/ }).waitFor();
    await page.getByLabel('User id').fill(plainUser.id);
    await page.getByRole('button', { name: 'Add member' }).click();

    await page.getByRole('status').filter({ hasText: 'Member added.' }).waitFor();
    expect(await page.getByRole('table', { name: 'Members of Page role' }).textContent()).toContain(
      'plain@example.test',
    );
  });

  it('forgets the token on request', async () => {
    await page.getByRole('button', { name: 'Forget token' }).click();

    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('rolecall.adminToken')")).toBeNull();
  });

  it('works under a proxy path prefix', async () => {
    const proxy = await startPrefixProxy('/rolecall', new URL(origin));
    try {
      const address = proxy.address() as { port: number };
      const proxied = `http://127.0.0.1:${address.port}/rolecall`;
      const redirect = await fetch(`${proxied}/admin/`, { redirect: 'manual' });
      await page.goto(`${proxied}/admin#/users`);
      await page.getByLabel('Admin token').fill(t.adminToken);
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      expect(await page.getByRole('table').first().textContent()).toContain('plain@example.test');
      expect(new URL(redirect.headers.get('location')!, redirect.url).pathname).toBe(
        '/rolecall/admin',
      );
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

/**
 * Starts a reverse proxy on 127.0.0.1 that strips `prefix` and forwards what is under it to
 * `target`.
 */
async function startPrefixProxy(prefix: string, target: URL): Promise<Server> {
  const proxy = createServer((incoming, outgoing) => {
    if (!incoming.url!.startsWith(`${prefix}/`)) {
      outgoing.writeHead(404).end();
      return;
    }
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url!.slice(prefix.length),
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode!, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}
