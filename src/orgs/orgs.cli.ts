import { Option } from 'commander';
import type { CliCommand } from '../core/feature.js';
import { toFieldErrors } from '../core/validation.js';
import { messages } from '../i18n/index.js';
import { createOrUpdateUser } from '../auth/index.js';
import { countLosConcepts, loadLosConcepts } from '../themes/index.js';
import { loadReferenceData } from './reference.js';
import { findOrganisation, grantMembership } from './orgs.service.js';

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** `nytenk reference load`: Norway's public bodies (and the LOS themes they are tagged with). */
export const referenceCommand: CliCommand = {
  name: 'reference',
  register(program, { withDatabase }) {
    const reference = program.command('reference').description('The reference data of Norway’s public bodies.');
    reference
      .command('load')
      .description('Load or refresh the committed reference data (municipalities, counties, state agencies, LOS themes).')
      .action(async () => {
        await withDatabase(async (database) => {
          const r = await loadReferenceData(database.db);
          console.log(`Reference data: ${r.inserted} organisations added, ${r.updated} refreshed, ${r.counties} counties.`);
          const los = await loadLosConcepts(database.db);
          const inDb = await countLosConcepts(database.db);
          console.log(`LOS themes: ${inDb} concepts (${los.inserted} added, ${los.updated} refreshed).`);
        });
      });
  },
};

/**
 * `nytenk user create`: an account, and with `--org` its membership of an organisation. Here and
 * not in auth/ because of the membership: organisations sit above accounts.
 */
export const userCommand: CliCommand = {
  name: 'user',
  register(program, { withDatabase, fail }) {
    const user = program.command('user').description('Manage users.');
    user
      .command('create')
      .description('Create a user, or update one with the same e-mail address.')
      .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
      .requiredOption('--name <name>', 'full name')
      .option('--org <orgnr>', 'make the user an active member of this organisation')
      .addOption(new Option('--role <role>', 'role in --org').choices(['member', 'org_admin']).default('member'))
      .addOption(new Option('--platform-role <role>', 'platform role').choices(['admin', 'analyst']))
      .option('--password-stdin', 'read the password from standard input (first line)')
      .action(async (opts: { email: string; name: string; org?: string; role: 'member' | 'org_admin'; platformRole?: 'admin' | 'analyst'; passwordStdin?: boolean }) => {
        const password = opts.passwordStdin ? await readStdinLine() : undefined;
        await withDatabase(async ({ db }) => {
          let orgId: string | undefined;
          if (opts.org) {
            const found = await findOrganisation(db, opts.org);
            if (!found.ok) {
              throw fail(
                found.reason === 'not_found' ? `No organisation with organisation number ${opts.org}.` : `${opts.org} is not a valid organisation number (${found.reason === 'check_digit' ? 'check digit is wrong' : 'needs 9 digits'}).`,
              );
            }
            orgId = found.org.id;
          }
          const outcome = await createOrUpdateUser(db, { email: opts.email, name: opts.name, password, platformRole: opts.platformRole });
          if (!outcome.ok) throw fail(toFieldErrors(messages('en'), outcome.violations).map((e) => `--${e.field}: ${e.message}`).join('\n'));
          if (orgId) await grantMembership(db, outcome.user.id, orgId, opts.role);
          console.log(`${outcome.created ? 'Created' : 'Updated'} user ${outcome.user.email} (id ${outcome.user.id})${opts.org ? `, ${opts.role} of ${opts.org}` : ''}.`);
          if (password === undefined && outcome.created) console.log('No password set: use --password-stdin to allow password sign-in.');
        });
      });
  },
};
