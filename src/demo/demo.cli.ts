import type { CliCommand } from '../core/feature.js';
import { ensureReferenceData } from '../orgs/index.js';
import { ensureLosConcepts } from '../themes/index.js';
import { loadDemo, removeDemo } from './demo.service.js';

/** `nytenk demo [--remove]`. */
export const demoCommand: CliCommand = {
  name: 'demo',
  register(program, { withDatabase }) {
    program
      .command('demo')
      .description('Load realistic Norwegian demo content (cases, adoptions, trials), marked as demo; --remove deletes it again.')
      .option('--remove', 'remove every demo case, its adoptions and trials, and the demo user')
      .action(async (opts: { remove?: boolean }) => {
        await withDatabase(async ({ db }) => {
          if (opts.remove) {
            const r = await removeDemo(db);
            console.log(
              r.cases || r.users ? `Removed demo content: ${r.cases} cases, ${r.adoptions} adoptions, ${r.trials} trials, ${r.users} demo user.` : 'No demo content to remove.',
            );
            return;
          }
          // The demo names real public bodies and LOS themes: a fresh database needs them first.
          await ensureReferenceData(db);
          await ensureLosConcepts(db);
          const r = await loadDemo(db);
          console.log(
            r.alreadyLoaded
              ? `Demo content is already loaded (${r.cases} cases); nothing changed. Remove it with: nytenk demo --remove`
              : `Loaded demo content: ${r.cases} cases, ${r.adoptions} adoptions, ${r.trials} trials. Remove it with: nytenk demo --remove`,
          );
        });
      });
  },
};
