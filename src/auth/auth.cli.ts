import type { CliCommand } from '../core/feature.js';
import { findUserByEmail, issueToken } from './auth.service.js';

/** `nytenk token create`: a personal API token. */
export const tokenCommand: CliCommand = {
  name: 'token',
  register(program, { withDatabase, config, fail }) {
    const token = program.command('token').description('Personal API tokens.');
    token
      .command('create')
      .description('Create an API token for a user; the token is printed as the last line.')
      .requiredOption('--email <email>', 'the user’s e-mail address')
      .option('--name <name>', 'a name to recognise the token by', 'cli')
      .action(async (opts: { email: string; name: string }) => {
        await withDatabase(async ({ db }) => {
          const found = await findUserByEmail(db, opts.email.trim());
          if (!found) throw fail(`No user with e-mail ${opts.email}.`);
          const issued = await issueToken(db, found.id, opts.name, { days: config().apiTokenDays });
          console.log(`API token "${issued.name}" for ${found.email} (use as: Authorization: Bearer <token>):`);
          console.log(issued.token);
        });
      });
  },
};
