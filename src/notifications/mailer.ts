import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  messageId: string;
}

/** Sends one message; resolves when the SMTP server has accepted it. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * An SMTP mailer for `SMTP_URL` (smtp://user:pass@host:port, smtps:// for TLS from the start;
 * nodemailer upgrades with STARTTLS when the server offers it). Up to four pooled connections: a
 * digest run sends many small messages, four at a time.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url.includes('?') || url.includes('pool=') ? url : `${url}${url.includes('?') ? '&' : '?'}pool=true&maxConnections=4`);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined, headers: mail.headers, messageId: mail.messageId });
    },
    close() {
      transport.close();
    },
  };
}
