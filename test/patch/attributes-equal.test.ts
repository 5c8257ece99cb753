import { describe, expect, it } from 'vitest';

import { attributesEqual } from '../../src/patch/attributes-equal.js';
import { alice, ENTERPRISE } from './patch-harness.js';

describe('attributesEqual', () => {
  it('ignores key order', () => {
    const reordered = Object.fromEntries(Object.entries(alice()).reverse());
    expect(attributesEqual(alice(), reordered)).toBe(true);
  });

  it('treats primary false as absent', () => {
    const withFalse = alice({ emails: [{ value: 'a@example.test', primary: false }] });
    const without = alice({ emails: [{ value: 'a@example.test' }] });
    expect(attributesEqual(withFalse, without)).toBe(true);
  });

  it('treats null and empty values as absent', () => {
    const sparse = alice({ nickName: null, ims: [], [ENTERPRISE]: {} });
    expect(attributesEqual(sparse, alice())).toBe(true);
  });

  it('ignores the order of multi-valued values', () => {
    const work = { value: 'a@example.test', type: 'work' };
    const home = { value: 'a@home.example', type: 'home' };
    expect(attributesEqual(alice({ emails: [work, home] }), alice({ emails: [home, work] }))).toBe(
      true,
    );
  });

  it('sees a changed value', () => {
    expect(attributesEqual(alice(), alice({ displayName: 'Alice B' }))).toBe(false);
  });

  it('sees a change of letter case', () => {
    expect(attributesEqual(alice(), alice({ displayName: 'alice example' }))).toBe(false);
  });

  it('sees primary moving to another value', () => {
    const before = alice({ emails: [{ value: 'a', primary: true }, { value: 'b' }] });
    const after = alice({ emails: [{ value: 'a' }, { value: 'b', primary: true }] });
    expect(attributesEqual(before, after)).toBe(false);
  });

  it('sees active changing', () => {
    expect(attributesEqual(alice({ active: true }), alice({ active: false }))).toBe(false);
  });
});
