import { defineFeature } from '../core/feature.js';
import { backupCommands } from './backup.cli.js';

/** The backup feature: backup and restore. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'backup',
  cli: [backupCommands],
});
