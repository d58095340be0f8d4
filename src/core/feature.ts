import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { VNode } from 'preact';
import type { Config } from '../config.js';
import type { Command } from 'commander';
import type { Database, Db } from '../db/database.js';
import type { DerivedFunction } from '../db/derived.js';
import type { Lang } from '../i18n/index.js';
import type { AuthContext } from '../http/context.js';
import { DATASET_ID, type Dataset } from './datasets.js';
import type { IndicatorGroup } from './indicators.js';
import { viewerOf, type Viewer } from './viewer.js';

/**
 * A feature's manifest: everything it adds to the platform, declared in its folder's `index.ts` and
 * listed once in `src/modules.ts`. The app, the CLI, the background jobs, the open-data catalogue,
 * the dashboard, the backup and other features' pages read what they need from the registry built
 * from these manifests; no one wires a feature in by hand, and the core imports no feature.
 */

/** What a feature's routes get: only explicit dependencies. */
export interface FeatureDeps {
  db: Db;
  config: Config;
  /** Every feature's contributions (sections for the pages a feature renders, nav, datasets, …). */
  features: FeatureRegistry;
}

export type RoutePlugin = (app: FastifyInstance, deps: FeatureDeps) => Promise<void>;

/**
 * The pages other features may add sections to, each with what a section is given about the page's
 * subject. The feature that renders a page declares its slot here (by module augmentation, in its
 * own files), so a contributor needs no import of it:
 *
 *   declare module '../core/feature.js' { interface PageSlots { 'case.page': CaseSlotSubject } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PageSlots {}

export type SlotName = keyof PageSlots;

/** What a section's render function is given besides the subject: who asks, in which language. */
export interface SectionContext {
  request: FastifyRequest;
  db: Db;
  config: Config;
  viewer: Viewer;
  lang: Lang;
}

/**
 * A section one feature adds to another's page (comments under a case, partners on an
 * organisation page, the follow button). `render` returns null when it has nothing to show (or
 * the viewer may not see it). Sections are rendered in `order` (lowest first), side by side in
 * one Promise.all, so a page's statement count is the sum of its sections' fixed counts.
 */
export interface Section<S extends SlotName = SlotName> {
  slot: S;
  /** A stable name (the page may place a section by it, e.g. the follow button in the heading). */
  name: string;
  order: number;
  render(ctx: SectionContext, subject: PageSlots[S]): Promise<VNode | null> | VNode | null;
}

/** Defines a section with its slot's subject type checked. */
export function defineSection<S extends SlotName>(section: Section<S>): Section {
  return section as unknown as Section;
}

/**
 * Services one feature provides and a lower one uses without importing it (dependency inversion):
 * the user declares the service's type here by module augmentation, in its own files, and asks the
 * registry for it at run time; the provider lists it in its manifest's `provides`. The case API
 * (cases/) lists cases through the search feature's finder this way.
 *
 *   declare module '../core/feature.js' { interface Services { findCases: FindCases } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

/** A link in the site menu. */
export interface NavEntry {
  href: string;
  /** The label; gets the signed-in person's unread count etc. through `auth`. */
  label: (lang: Lang, auth: AuthContext | null) => string;
  /** The page `section` of the layout that marks this entry as the current page. */
  current: string;
  /** Who sees the entry. */
  audience: 'anyone' | 'signed_in' | 'signed_out';
  order: number;
  /** The header menu or the footer. */
  area: 'menu' | 'footer';
}

export interface JobContext {
  db: Db;
  config: Config;
  /** The server's own base URL (links in e-mails use PUBLIC_URL from config). */
  url: string;
  log: (obj: object, msg: string) => void;
}

/** A background job; started by the server when background jobs are on (BACKGROUND_JOBS). */
export interface Job {
  name: string;
  start(ctx: JobContext): { stop(): Promise<void> };
}

/** What the `nytenk` program lends a feature's commands. */
export interface CliContext {
  /** The configuration (read when first asked: `nytenk --help` needs none); exits with status 2 when it is wrong. */
  config(): Config;
  /** Every feature's manifest (the backup reads what to leave out, the migrator the derived functions). */
  features: FeatureRegistry;
  /** A line on standard error (progress, warnings). */
  log(message: string): void;
  /** An error the program prints as «nytenk: message» and exits with `code` (1: it failed; 2: called wrongly). */
  fail(message: string, code?: number): Error;
  /** Opens the configured database (migrated, derived functions included, unless `runMigrations` is false); the caller closes it. */
  openDatabase(options?: { runMigrations?: boolean }): Promise<Database>;
  /** Runs `fn` with the database open (migrated), closed afterwards. */
  withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T>;
}

/** `nytenk <name> …`: a feature's top-level command (with its subcommands), added to the program. */
export interface CliCommand {
  name: string;
  register(program: Command, ctx: CliContext): void;
}

/** What the backup leaves out: tables whose rows are secrets of the moment (sessions, sign-in links). */
export interface BackupRules {
  leaveOut: string[];
}

export interface Feature {
  name: string;
  routes?: RoutePlugin[];
  nav?: NavEntry[];
  sections?: Section[];
  datasets?: Dataset[];
  indicators?: IndicatorGroup[];
  jobs?: Job[];
  cli?: CliCommand[];
  backup?: BackupRules;
  /** Schemas shared by reference ($id) in the OpenAPI document. */
  schemas?: TSchema[];
  /** Database functions derived from the feature's TypeScript rules, installed by the migrator (db/derived.ts). */
  database?: { derived?: DerivedFunction[] };
  /** Services for lower features (see `Services`). */
  provides?: Partial<Services>;
  /** Runs after a browser session is resolved: adds what the page frame shows (the unread count). One statement at most. */
  onSession?: (db: Db, auth: AuthContext) => Promise<void>;
}

/** Declares a feature; see `Feature`. */
export function defineFeature(feature: Feature): Feature {
  return feature;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The features' manifests: sections for pages, nav, datasets, indicators (decorated by app.ts). */
    features: FeatureRegistry;
  }
}

/** The manifests, read by purpose. Built once by the app (and the CLI) from `src/modules.ts`. */
export class FeatureRegistry {
  readonly features: readonly Feature[];

  constructor(features: readonly Feature[]) {
    const seen = new Set<string>();
    for (const f of features) {
      if (seen.has(f.name)) throw new Error(`two features are called ${f.name}`);
      seen.add(f.name);
    }
    this.features = features;
    const ids = new Set<string>();
    for (const d of this.all((f) => f.datasets)) {
      if (!DATASET_ID.test(d.id)) throw new Error(`bad dataset id ${d.id}`);
      if (ids.has(d.id)) throw new Error(`two datasets are called ${d.id}`);
      ids.add(d.id);
    }
  }

  private all<T>(pick: (f: Feature) => readonly T[] | undefined): T[] {
    return this.features.flatMap((f) => [...(pick(f) ?? [])]);
  }

  get nav(): NavEntry[] {
    return this.all((f) => f.nav).sort((a, b) => a.order - b.order);
  }
  /** The open-data catalogue, in its order; ids are checked once, when the registry is built. */
  get datasets(): Dataset[] {
    return this.all((f) => f.datasets).sort((a, b) => a.order - b.order);
  }
  /** The dashboard's indicator groups, in their order. */
  get indicators(): IndicatorGroup[] {
    return this.all((f) => f.indicators).sort((a, b) => a.order - b.order);
  }
  get jobs(): Job[] {
    return this.all((f) => f.jobs);
  }
  get cli(): CliCommand[] {
    return this.all((f) => f.cli);
  }
  get backupLeaveOut(): string[] {
    return this.all((f) => f.backup?.leaveOut);
  }
  /** What the migrator installs after the migrations; every caller of `migrate`/`openDatabase` passes it. */
  get derivedFunctions(): DerivedFunction[] {
    return this.all((f) => f.database?.derived);
  }
  get schemas(): TSchema[] {
    return this.all((f) => f.schemas);
  }
  get sessionHooks(): NonNullable<Feature['onSession']>[] {
    return this.all((f) => (f.onSession ? [f.onSession] : []));
  }

  /** The service a feature provides; throws when no feature does (a wiring mistake, found at the first request). */
  service<K extends keyof Services>(name: K): Services[K] {
    for (const f of this.features) {
      const provided = f.provides?.[name];
      if (provided) return provided as Services[K];
    }
    throw new Error(`no feature provides the service ${String(name)}`);
  }

  sectionsFor<S extends SlotName>(slot: S): Section<S>[] {
    return this.all((f) => f.sections)
      .filter((s) => s.slot === slot)
      .sort((a, b) => a.order - b.order) as unknown as Section<S>[];
  }

  /** Renders every section of a slot for one subject, in order; those with nothing to show are left out. */
  async renderSections<S extends SlotName>(slot: S, ctx: SectionContext, subject: PageSlots[S]): Promise<{ name: string; node: VNode }[]> {
    const sections = this.sectionsFor(slot);
    const nodes = await Promise.all(sections.map((s) => s.render(ctx, subject)));
    return sections.flatMap((s, i) => (nodes[i] ? [{ name: s.name, node: nodes[i]! }] : []));
  }

  /** For a page's routes: renders a slot's sections for the request asking (who, which language), as nodes in order. */
  sectionRenderer(db: Db, config: Config): <S extends SlotName>(request: FastifyRequest, slot: S, subject: PageSlots[S]) => Promise<VNode[]> {
    return async (request, slot, subject) => (await this.renderSections(slot, { request, db, config, viewer: viewerOf(request.auth), lang: request.lang }, subject)).map((s) => s.node);
  }
}
