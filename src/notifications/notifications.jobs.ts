import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { smtpMailer, type Mailer } from './mailer.js';
import { fanOutPending, queueDigests, sendDue } from './notifications.service.js';

export interface Jobs {
  /** Runs one round now (and waits for it); rounds never overlap. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The background work of following and e-mail, every `jobIntervalMs` in every app process: fan
 * out new events, queue the digests that are due, send the outbox. Each step locks what it takes
 * (`for update skip locked`), so any number of app processes share the work and none does it twice.
 */
export function startNotificationJobs(db: Db, config: Config, _baseUrl: string, log: (obj: Record<string, unknown>, msg: string) => void): Jobs {
  const mailer: Mailer | null = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null;
  // Links in mails from PUBLIC_URL (config.ts); `_baseUrl`, the address listened on, is no longer used.
  const site = { baseUrl: config.publicUrl };
  let running: Promise<void> | null = null;
  let stopped = false;

  const round = async () => {
    const fanned = await fanOutPending(db);
    const queued = await queueDigests(db, site);
    const sent = await sendDue(db, mailer);
    if (fanned.events || queued || sent.sent || sent.failed) log({ events: fanned.events, notifications: fanned.notifications, digestsQueued: queued, mailSent: sent.sent, mailFailed: sent.failed }, 'notification jobs');
  };
  const runOnce = () => {
    running ??= round()
      .catch((err: unknown) => log({ err }, 'notification jobs failed; retrying next round'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void runOnce();
  }, config.jobIntervalMs);
  timer.unref();
  // The first round at once: mail queued before a restart goes out without waiting.
  void runOnce();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      mailer?.close();
    },
  };
}
