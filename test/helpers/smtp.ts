import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { until } from './wait.js';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** A header's raw value as sent (mailparser folds List-* headers into one object; this does not). */
  header(name: string): string | undefined;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Messages whose data began to arrive (with `stall`, none is ever accepted). */
  started: () => number;
  /** Resolves when at least `n` messages have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on loopback that keeps what it receives, parsed
 * with `mailparser`. No TLS and no authentication: loopback only.
 */
export async function startSmtpServer(port = 0, options: { stall?: boolean } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let started = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      started++;
      // A server that takes the message but never answers: the sender hangs before "250 OK".
      if (options.stall) {
        stream.resume();
        return;
      }
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(', '),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: mail.subject ?? '',
            messageId: mail.messageId ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            headers: mail.headers as Map<string, unknown>,
            header: (name: string) => {
              const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
              return line?.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim();
            },
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client that dies mid-session (the kill -9 tests) resets its connection: smtp-server reports
  // that as an 'error' event, which would otherwise be an uncaught exception in the test process.
  server.on('error', () => undefined);
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    received,
    started: () => started,
    async waitFor(n, ms = 15_000) {
      await until(() => received.length >= n, { what: `${n} messages`, timeout: ms, interval: 50, state: () => `received ${received.length}` });
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // A stalled session would keep close() waiting for ever: end the sockets too.
        for (const c of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) c.close();
        server.close(() => resolve());
      }),
  };
}
