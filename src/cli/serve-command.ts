import { createApp } from '../app.js';
import { loadConfig, type ConfigInput } from '../config.js';
import { PROVIDERS } from '../flavours/provider.js';
import { createLogger } from '../logger.js';

/**
 * How long a stop waits for responses in progress. Then it closes the connections still open, so
 * a client that never reads its response cannot keep the process alive.
 */
const SHUTDOWN_GRACE_MS = 10_000;

/** Starts the server, prints how to reach it, and stops cleanly on SIGINT or SIGTERM. */
export async function serve(flags: ConfigInput): Promise<void> {
  const config = loadConfig(flags);
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, { logger });
  // Handlers go in before the banner, so a signal right after it still shuts down cleanly.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn(
        { graceMs: SHUTDOWN_GRACE_MS },
        'closing the connections whose responses are still in progress',
      );
      app.server.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    try {
      await app.close();
      logger.info('stopped');
      process.exitCode = 0;
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
    } finally {
      clearTimeout(force);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.server.listen({ host: config.host, port: config.port });
  const origin = config.publicUrl ?? address;

  const lines = [`rolecall is listening on ${address}`, 'SCIM base URLs:'];
  for (const provider of PROVIDERS)
    lines.push(`  ${provider.padEnd(9)}${origin}/provisioning/${provider}/v2`);
  if (app.firstStart !== undefined) {
    lines.push(
      `Created organization ${app.firstStart.organization.id}. These secrets are shown only now:`,
      `  generic provisioning token: ${app.firstStart.provisioningSecret}`,
      `  admin token:                ${app.firstStart.adminSecret}`,
      'Send the provisioning token as "Authorization: Bearer <token>".',
    );
  } else {
    lines.push(
      'Create a provisioning token with: npx rolecall token create --provider generic|okta|azure',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
