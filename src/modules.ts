import { FeatureRegistry, type Feature } from './core/feature.js';
import { feature as home } from './home/index.js';
import { feature as auth } from './auth/index.js';
import { feature as orgs } from './orgs/index.js';
import { feature as themes } from './themes/index.js';
import { feature as search } from './search/index.js';
import { feature as cases } from './cases/index.js';
import { feature as demo } from './demo/index.js';
import { feature as challenges } from './challenges/index.js';
import { feature as comments } from './comments/index.js';
import { feature as partners } from './partners/index.js';
import { feature as notifications } from './notifications/index.js';
import { feature as opendata } from './opendata/index.js';
import { feature as barometer } from './barometer/index.js';
import { feature as dashboard } from './dashboard/index.js';
import { feature as audit } from './audit/index.js';
import { feature as backup } from './backup/index.js';
import { feature as importer } from './import/index.js';

/**
 * The one list of features: each entry is a feature's manifest (its folder's index.ts). A new
 * capability adds its folder and one line here; the app, the CLI, the jobs, the open-data catalogue,
 * the dashboard and the backup read what it adds from the registry. Routes are registered in this
 * order.
 */
export const features: readonly Feature[] = [home, auth, orgs, themes, search, cases, demo, challenges, comments, partners, notifications, opendata, barometer, dashboard, audit, backup, importer];

/** The registry the app and the CLI read. */
export const registry = (): FeatureRegistry => new FeatureRegistry(features);
