import type { Provider } from './provider.js';

/**
 * Named normalization rules: request shapes that real IdP clients send and RFC 7643/7644 do not
 * allow. The `okta` and `azure` flavours apply them; `generic` rejects those shapes with an error
 * that names the endpoints accepting them. Each request records the rules it fired.
 */
export const NORMALIZATION_RULES = {
  'op-case': 'Read PATCH op names in any letter case ("Add", "Replace", "Remove").',
  'string-boolean': 'Read the strings "true"/"false" (any case) as booleans.',
  'dotted-keys':
    'Expand path-less PATCH values with dotted or URN keys into one operation per key.',
  'remove-members-by-value':
    'Remove only the listed values for a remove of "members" (or another multi-valued attribute) with a value list.',
  'add-missing-filtered-value':
    'Create the entry when add/replace targets a filtered value path that matches nothing.',
  'bare-value-string': 'Read a bare string as {"value": string} for manager and group members.',
  'remove-manager-by-filter':
    'Clear manager on remove of manager[value eq "x"] when the value matches.',
  'foreign-schemas': 'Ignore legacy or vendor schema URNs beside the core schema URN.',
  'missing-schemas': 'Accept a resource body without "schemas".',
  'bare-filter-values': 'Accept unquoted comparison values in filters.',
  'value-path-sub-attribute': 'Accept emails[type eq "work"].value eq "x" in filters.',
  'value-filter-in-attributes': 'Read attributes=emails[...] as attributes=emails.',
  'member-display-label':
    'Keep the display label a client sends with a member (also as displayName).',
  'patch-always-204': 'Answer every successful PATCH with 204 and no body.',
} as const;

export type RuleName = keyof typeof NORMALIZATION_RULES;

const ALL_RULES = Object.keys(NORMALIZATION_RULES) as RuleName[];

/** Rules enabled per flavour. Entra ID prefers 204 for PATCH; Okta accepts 200 with the resource. */
const FLAVOUR_RULES: Readonly<Record<Provider, ReadonlySet<RuleName>>> = {
  generic: new Set(),
  okta: new Set(
    ALL_RULES.filter((rule) => rule !== 'patch-always-204' && rule !== 'member-display-label'),
  ),
  azure: new Set(ALL_RULES),
};

export function flavourAllows(provider: Provider, rule: RuleName): boolean {
  return FLAVOUR_RULES[provider].has(rule);
}

/** Builds the sentence generic errors end with: the flavoured endpoints that accept the shape. */
export function acceptedElsewhere(rule: RuleName): string {
  const endpoints = (['okta', 'azure'] as const)
    .filter((provider) => flavourAllows(provider, rule))
    .map((provider) => `/provisioning/${provider}/v2`);
  return ` ${endpoints.join(' and ')} accept${endpoints.length === 1 ? 's' : ''} this form.`;
}
