#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a checkout needs no build step
// and `npm install && npm start` is all a newcomer types.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
