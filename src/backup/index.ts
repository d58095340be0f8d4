import { defineFeature } from '../core/feature.js';

/** The backup feature: backup and restore. Its manifest, and what other features may use of it. */
export const feature = defineFeature({
  name: 'backup',
});

// What other features may use (their only way in).
export { registerBackupCommands } from './backup.cli.js';
