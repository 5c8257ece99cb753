import { describe, expect, it } from 'vitest';

import { MAX_STORED_BODY_CHARS, storedBody } from '../../src/activity/activity-entry.js';
import { REDACTED, redactBody, redactQuery, TOO_DEEP } from '../../src/activity/redact.js';

describe('redactBody', () => {
  it('redacts a password at the top level and leaves the rest', () => {
    const body = { userName: 'a@example.test', password: 'hunter2', active: true };

    expect(redactBody(body)).toEqual({
      userName: 'a@example.test',
      password: REDACTED,
      active: true,
    });
  });

  it('redacts secret keys at any depth and in any case', () => {
    const body = {
      Operations: [{ op: 'add', value: { PassWord: 'x', nested: { clientSecret: 'y' } } }],
      data: [{ accessToken: 'z', api_key: 'k', credentials: ['c'] }],
    };

    expect(redactBody(body)).toEqual({
      Operations: [
        { op: 'add', value: { PassWord: REDACTED, nested: { clientSecret: REDACTED } } },
      ],
      data: [{ accessToken: REDACTED, api_key: REDACTED, credentials: REDACTED }],
    });
  });

  it.each(['password', 'PASSWORD', 'urn:ietf:params:scim:schemas:core:2.0:User:password'])(
    'redacts the value of a PATCH operation on path %s',
    (path) => {
      const body = { Operations: [{ op: 'replace', path, value: 'hunter2' }] };

      expect(redactBody(body)).toEqual({ Operations: [{ op: 'replace', path, value: REDACTED }] });
    },
  );

  it('keeps the value of a PATCH operation on another path', () => {
    const body = { Operations: [{ op: 'replace', path: 'displayName', value: 'Ada' }] };

    expect(redactBody(body)).toEqual(body);
  });

  it('does not change the input', () => {
    const body = { password: 'hunter2' };
    redactBody(body);

    expect(body.password).toBe('hunter2');
  });

  it('stops at a maximum depth instead of overflowing the stack', () => {
    let body: unknown = 'leaf';
    for (let level = 0; level < 10_000; level += 1) body = [body];
    const redacted = JSON.stringify(redactBody(body));

    expect(redacted).toContain(TOO_DEEP);
    expect(redacted).not.toContain('leaf');
  });
});

describe('redactQuery', () => {
  it('redacts secret query parameters and keeps the others', () => {
    expect(redactQuery('/x/Users?access_token=abc&filter=userName%20eq%20%22a%22')).toBe(
      '/x/Users?access_token=[redacted]&filter=userName%20eq%20%22a%22',
    );
  });

  it('leaves a path without a query alone', () => {
    expect(redactQuery('/provisioning/okta/v2/Users')).toBe('/provisioning/okta/v2/Users');
  });
});

describe('storedBody', () => {
  it('drops a body whose JSON is over the limit and marks it truncated', () => {
    const body = { note: 'x'.repeat(MAX_STORED_BODY_CHARS) };

    expect(storedBody(body)).toEqual({ value: undefined, truncated: true });
  });

  it('keeps a body under the limit, redacted', () => {
    expect(storedBody({ password: 'p' })).toEqual({
      value: { password: REDACTED },
      truncated: false,
    });
  });

  it('stores nothing for a request without a body', () => {
    expect(storedBody(undefined)).toEqual({ value: undefined, truncated: false });
  });
});
