// Seeds users, roles and role members through the SCIM API, and measures the rates.
import {
  GROUP_SCHEMA,
  describeFailure,
  memberPatch,
  seededUserName,
  userDocument,
} from './scim-client.mjs';

const PROGRESS_INTERVAL_MS = 5_000;

/**
 * Creates `count` users with POST /Users over `concurrency` parallel requests. Resolves with
 * their ids (index i is user i) and the rate. Rejects on the first failed request, because
 * no scenario can run on a partial data set.
 */
export async function seedUsers(client, count, concurrency, log) {
  const ids = new Array(count);
  const progress = startProgress('users', count, log);
  const started = performance.now();
  await runConcurrently(count, concurrency, async (index) => {
    const userName = seededUserName(index);
    const response = await client.send(
      'POST',
      '/Users',
      userDocument(userName, 'User', `N${index}`),
    );
    if (response.status !== 201) throw new Error(describeFailure('POST', '/Users', response));
    ids[index] = response.body.id;
    progress.advance(1);
  });
  progress.stop();
  return { ids, ...rate(count, started) };
}

/** Creates `count` roles with POST /Groups; rejects on the first failed request. */
export async function seedRoles(client, count, concurrency) {
  const ids = new Array(count);
  const started = performance.now();
  await runConcurrently(count, concurrency, async (index) => {
    const body = { schemas: [GROUP_SCHEMA], displayName: `Role ${index + 1}` };
    const response = await client.send('POST', '/Groups', body);
    if (response.status !== 201) throw new Error(describeFailure('POST', '/Groups', response));
    ids[index] = response.body.id;
  });
  return { ids, ...rate(count, started) };
}

/**
 * Adds users to a role with one PATCH per `batchSize` members, one batch after another as an
 * identity provider sends them. Stops at the first failed batch and reports it in `failure`,
 * so that a server without PATCH still gets the other scenarios measured.
 */
export async function addMembers(client, roleId, userIds, batchSize, log) {
  const progress = startProgress(`members of ${roleId}`, userIds.length, log);
  const started = performance.now();
  let added = 0;
  let failure;
  for (let start = 0; start < userIds.length; start += batchSize) {
    const batch = userIds.slice(start, start + batchSize);
    const path = `/Groups/${roleId}?excludedAttributes=members`;
    const response = await client.send('PATCH', path, memberPatch(batch, []));
    if (response.status !== 200 && response.status !== 204) {
      failure = describeFailure('PATCH', path, response);
      break;
    }
    added += batch.length;
    progress.advance(batch.length);
  }
  progress.stop();
  return { added, failure, ...rate(added, started) };
}

/** Runs `work(index)` for index 0 … count-1 with at most `concurrency` calls pending. */
async function runConcurrently(count, concurrency, work) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function rate(count, startedAt) {
  const seconds = (performance.now() - startedAt) / 1000;
  return { count, seconds, perSecond: count / seconds };
}

/** Logs "<done>/<total> <label>" every few seconds until stopped. */
function startProgress(label, total, log) {
  let done = 0;
  const timer = setInterval(() => log(`  ${done}/${total} ${label}`), PROGRESS_INTERVAL_MS);
  return {
    advance(amount) {
      done += amount;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
