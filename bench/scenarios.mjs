// The measured scenarios: what each request looks like and which target applies to it.
import { randomBytes } from 'node:crypto';

import { MemberSwap } from './member-swap.mjs';
import {
  PATCH_SCHEMA,
  describeFailure,
  memberPatch,
  seededUserName,
  userDocument,
} from './scim-client.mjs';

/**
 * Targets, each a minimum ratio of a scenario's request rate to a baseline scenario's rate.
 * Reads must reach half the ceiling and writes a fifth. The last page must keep half the first
 * page's rate. A role PATCH whose response leaves the member list out must lose at most 20% of
 * its rate going from the small role to the large one.
 */
const READ_TARGET = { baseline: 'ceiling', min: 0.5 };
const WRITE_TARGET = { baseline: 'ceiling', min: 0.2 };

/**
 * Builds the scenarios in the order they run. Reads come first, while the data set is as
 * seeded. The role scenarios keep member counts constant, and user writes come next.
 * `data` is what seeding produced, and `client` reads state between runs.
 */
export function buildScenarios(data, client) {
  const roles = roleScenarios(data, client);
  const largeFullResponse = roles.filter((scenario) => scenario.runsLast);
  return [
    ...userReadScenarios(data, client),
    ...roles.filter((scenario) => !scenario.runsLast),
    ...userWriteScenarios(data, client),
    ...largeFullResponse,
  ];
}

/** Builds the ceiling scenario: GET /Users/{id} against the minimal server. */
export function ceilingScenario(userId) {
  const path = `/provisioning/generic/v2/Users/${userId}`;
  return {
    id: 'ceiling',
    title: 'ceiling: fixed user document',
    ceiling: true,
    readOnly: true,
    next: () => ({ method: 'GET', path }),
  };
}

function userReadScenarios(data, client) {
  const readHeaders = { authorization: client.headers.authorization };
  const get = (path) => ({
    method: 'GET',
    path: `${client.basePath}${path}`,
    headers: readHeaders,
  });
  const randomIndex = () => Math.floor(Math.random() * data.userIds.length);
  let lastPageStart = Math.max(1, data.userIds.length - 99);

  return [
    {
      id: 'get-user',
      readOnly: true,
      title: 'GET /Users/{id}',
      target: READ_TARGET,
      next: () => get(`/Users/${data.userIds[randomIndex()]}`),
    },
    {
      id: 'filter-user',
      readOnly: true,
      title: 'GET /Users?filter=userName eq',
      target: READ_TARGET,
      next: () => {
        const filter = `userName eq "${seededUserName(randomIndex())}"`;
        return get(`/Users?filter=${encodeURIComponent(filter)}`);
      },
    },
    {
      id: 'page-first',
      readOnly: true,
      title: 'GET /Users first page, count=100',
      next: () => get('/Users?startIndex=1&count=100'),
    },
    {
      id: 'page-last',
      readOnly: true,
      title: 'GET /Users last page, count=100',
      target: { baseline: 'page-first', min: 0.5 },
      prepare: async () => {
        // The last full page of the users stored now, in case an earlier run added users.
        const response = await client.send('GET', '/Users?count=1');
        const total = response.body?.totalResults;
        if (Number.isInteger(total)) lastPageStart = Math.max(1, total - 99);
      },
      next: () => get(`/Users?startIndex=${lastPageStart}&count=100`),
    },
  ];
}

function roleScenarios(data, client) {
  const scenarios = [];
  for (const role of [data.smallRole, data.largeRole]) {
    const size = role === data.smallRole ? 'small' : 'large';
    // One pool per role: each variant continues from the membership the previous one left.
    const swap = new MemberSwap();
    swap.reset(role.memberIds, data.userIds);
    const variants = [
      { suffix: '', flavour: 'generic', query: '', note: 'full response' },
      {
        suffix: '-excluded',
        flavour: 'generic',
        query: '?excludedAttributes=members',
        note: 'excludedAttributes=members',
      },
      { suffix: '-azure', flavour: 'azure', query: '', note: 'azure prefix, 204' },
    ];
    for (const variant of variants) {
      const id = `patch-role-${size}${variant.suffix}`;
      scenarios.push({
        id,
        title: `PATCH role, ${role.memberCount} members, ${variant.note}`,
        target: roleTarget(size, variant.suffix),
        // The large role's full response renders every member. The process keeps the memory
        // that takes, which would skew the peak RSS and the GC work of every later phase.
        runsLast: id === 'patch-role-large',
        ...memberSwapRequests(data, client, role, variant, swap),
      });
    }
  }
  return scenarios;
}

/** Writes on the small role must reach the write target; the large role is held to the small. */
function roleTarget(size, suffix) {
  if (size === 'small') return WRITE_TARGET;
  // The full response of the large role carries every member, so it has no target.
  if (suffix === '') return undefined;
  return { baseline: `patch-role-small${suffix}`, min: 0.8 };
}

/** Members a role may have for the harness to reload its member list from the server. */
const MAX_MEMBERS_TO_RELOAD = 1000;

/**
 * Builds the requests of one role scenario over the role's shared pool. Before the scenario,
 * a small role's member list is reloaded from the server. A large role's is not: its
 * response would put tens of MiB into the server just before the measured seconds, and the
 * drift it would repair is at most one id per connection and run, out of tens of thousands.
 */
function memberSwapRequests(data, client, role, variant, swap) {
  const path = `/provisioning/${variant.flavour}/v2/Groups/${role.id}${variant.query}`;
  const headers = client.headers;
  return {
    prepare: async () => {
      if (role.memberIds.length > MAX_MEMBERS_TO_RELOAD) return;
      const response = await client.send('GET', `/Groups/${role.id}`);
      if (response.status !== 200) {
        throw new Error(describeFailure('GET', `/Groups/${role.id}`, response));
      }
      const memberIds = (response.body.members ?? []).map((member) => member.value);
      swap.reset(memberIds, data.userIds);
    },
    next: () => {
      const { add, remove } = swap.next();
      return { method: 'PATCH', path, headers, body: JSON.stringify(memberPatch([add], [remove])) };
    },
  };
}

function userWriteScenarios(data, client) {
  const headers = client.headers;
  const users = `${client.basePath}/Users`;
  const runTag = randomBytes(4).toString('hex');
  const count = data.userIds.length;
  let created = 0;
  let patched = 0;
  // PUT starts half-way through the users, away from the ones PATCH suspends first.
  let replaced = Math.floor(count / 2);

  return [
    {
      id: 'post-user',
      title: 'POST /Users',
      target: WRITE_TARGET,
      next: () => {
        created += 1;
        const userName = `new-${runTag}-${created}@example.test`;
        const body = JSON.stringify(userDocument(userName, 'New', `N${created}`));
        return { method: 'POST', path: users, headers, body };
      },
    },
    {
      id: 'patch-user',
      title: 'PATCH /Users/{id} replace active',
      target: WRITE_TARGET,
      next: () => {
        // The first pass over the users suspends them, the next one reactivates them, and so on,
        // so every request changes the stored user.
        const index = patched % count;
        const active = Math.floor(patched / count) % 2 === 1;
        patched += 1;
        const body = JSON.stringify({
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'active', value: active }],
        });
        return { method: 'PATCH', path: `${users}/${data.userIds[index]}`, headers, body };
      },
    },
    {
      id: 'put-user',
      title: 'PUT /Users/{id}',
      target: WRITE_TARGET,
      next: () => {
        const index = replaced % count;
        replaced += 1;
        // A new givenName on every request, so every PUT changes the stored user.
        const document = userDocument(seededUserName(index), `Given${replaced}`, `N${index}`);
        return {
          method: 'PUT',
          path: `${users}/${data.userIds[index]}`,
          headers,
          body: JSON.stringify(document),
        };
      },
    },
  ];
}
