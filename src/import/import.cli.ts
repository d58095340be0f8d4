import fs from 'node:fs/promises';
import type { CliCommand } from '../core/feature.js';
import { ensureReferenceData } from '../orgs/index.js';
import { ensureLosConcepts } from '../themes/index.js';
import { importJrcCases, type ImportSummary } from './import.service.js';
import { JrcFormatError, parseJrcCsv } from './jrc.js';

/** Progress on standard error: a redrawn bar on a terminal, a line every tenth otherwise (logs, CI). */
function progressReporter(label: string) {
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(done: number, total: number) {
      if (tty) {
        const now = Date.now();
        if (done !== total && now - lastDraw < 50) return;
        lastDraw = now;
        const width = Math.max(10, Math.min(40, (process.stderr.columns ?? 80) - label.length - 24));
        const filled = total ? Math.round((done / total) * width) : width;
        process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      } else {
        const tenth = total ? Math.floor((done / total) * 10) : 10;
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        process.stderr.write(`${label}: ${done}/${total}\n`);
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

function importSummaryLine(s: ImportSummary, seconds: number): string {
  const imported = s.created + s.updated + s.unchanged;
  return (
    `Imported ${imported} cases: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged; ` +
    `${s.norwegianMatched} matched Norwegian organisations, ${s.orgsCreated} organisations created; ` +
    `${s.bad.length} bad rows (${seconds.toFixed(1)} s).`
  );
}

/** `nytenk import cases FILE --format jrc`. */
export const importCommand: CliCommand = {
  name: 'import',
  register(program, { withDatabase, log, fail }) {
    const importCommand = program.command('import').description('Import data from other sources.');
    importCommand
      .command('cases')
      .description('Import innovation cases from a file, published and public. Running it again updates what changed and creates nothing twice.')
      .argument('<file>', 'the file to import')
      .option('--format <format>', 'the file’s format (required): jrc, the EU JRC Innovative Public Services Explorer case list (CSV)')
      .addHelpText(
        'after',
        [
          '',
          'Example:',
          '  nytenk import cases resources/cases/jrc-ips-explorer-cases.csv --format jrc',
          '',
          'A row that cannot be imported is reported as «line N: reason» and nothing of it is written;',
          'the other rows are imported. How the columns map: resources/cases/README.md.',
          '',
          'Exit status: 0 all rows imported, 1 some rows were bad, 2 missing file or wrong format.',
        ].join('\n'),
      )
      .action(async (file: string, opts: { format?: string }) => {
        if (!opts.format) throw fail('Say which format the file has: --format jrc', 2);
        if (opts.format !== 'jrc') throw fail(`Unknown format «${opts.format}»: the formats are: jrc.`, 2);
        let text: string;
        try {
          text = await fs.readFile(file, 'utf8');
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw fail(code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${(err as Error).message}`, 2);
        }
        let parsed: ReturnType<typeof parseJrcCsv>;
        try {
          parsed = parseJrcCsv(text);
        } catch (err) {
          if (err instanceof JrcFormatError) throw fail(`${file}: ${err.message}`, 2);
          throw err;
        }
        const started = performance.now();
        const summary = await withDatabase(async ({ db }) => {
          // Owners are matched against the reference organisations and cases tagged with LOS themes.
          await ensureReferenceData(db);
          await ensureLosConcepts(db);
          const progress = progressReporter('Importing cases');
          try {
            return await importJrcCases(db, parsed, { onProgress: (done, total) => progress.update(done, total) });
          } finally {
            progress.end();
          }
        });
        for (const b of summary.bad) log(`line ${b.line}: ${b.message}`);
        console.log(importSummaryLine(summary, (performance.now() - started) / 1000));
        if (summary.bad.length > 0) process.exitCode = 1;
      });

  },
};
