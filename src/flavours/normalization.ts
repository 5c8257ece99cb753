import { flavourAllows, type RuleName } from './normalization-rules.js';
import type { Provider } from './provider.js';

/**
 * Per-request record of normalization: which rules the flavour allows, which ones fired, and
 * which client attributes were ignored because no schema defines them.
 */
export class Normalization {
  private readonly firedRules = new Set<RuleName>();
  private readonly ignoredPaths = new Set<string>();

  constructor(readonly flavour: Provider) {}

  /** Returns true and records the rule when the flavour allows it, otherwise returns false. */
  apply(rule: RuleName): boolean {
    if (!flavourAllows(this.flavour, rule)) return false;
    this.firedRules.add(rule);
    return true;
  }

  allows(rule: RuleName): boolean {
    return flavourAllows(this.flavour, rule);
  }

  noteIgnored(path: string): void {
    this.ignoredPaths.add(path);
  }

  get fired(): RuleName[] {
    return [...this.firedRules];
  }

  get ignored(): string[] {
    return [...this.ignoredPaths];
  }
}
