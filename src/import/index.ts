import { defineFeature } from '../core/feature.js';
import { importCommand } from './import.cli.js';

/** The import feature: imports of case collections (the EU JRC cases). Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'import',
  cli: [importCommand],
});

// What other features may use (their only way in).
export type { ImportSummary } from './import.service.js';
export { JrcFormatError } from './jrc.js';
export { importJrcCases } from './import.service.js';
export { parseJrcCsv } from './jrc.js';
