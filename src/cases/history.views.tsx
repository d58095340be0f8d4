import { formatDateTime, formatNumber, type Lang } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { Layout } from '../ui/layout.js';
import { caseMessages, type CaseMessages } from './cases.messages.js';
import { Heading, Link, Paragraph } from '../ui/ds.js';

export interface HistoryEntry {
  version: number;
  at: Date;
  action: string;
  userName: string | null;
  changes: { field: string; old: unknown; new: unknown }[];
}

type Row = Record<string, unknown>;
const asRows = (value: unknown): Row[] => (Array.isArray(value) ? value : [value]).filter((x): x is Row => typeof x === 'object' && x !== null);

/**
 * A stored value as a reader would say it: vocabulary codes in words («Ansatte», not «employees»),
 * themes by name, amounts in Norwegian, rows (partners, benefits, links, a trial) as short phrases
 * rather than their keys.
 */
function formatValue(field: string, value: unknown, cm: CaseMessages, lang: Lang, themeLabels: Record<string, string>): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '–';
  const f = cm.f;
  const words = (dict: Record<string, string>) => (Array.isArray(value) ? value : [value]).map((v) => dict[String(v)] ?? String(v)).join(', ');
  const phrases = (toText: (r: Row) => string) => asRows(value).map(toText).join('; ');
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  switch (field) {
    case 'types':
      return words(cm.types);
    case 'initiators':
      return words(cm.initiators);
    case 'stage':
      return words(cm.stages);
    case 'status':
      return words(cm.statuses);
    case 'novelty':
      return words(cm.novelties);
    case 'visibility':
      return words(cm.visibilities);
    case 'language':
      return words(cm.languages);
    case 'themes':
      return words(themeLabels);
    case 'noveltySourceCaseId':
      return cm.caseNumber(String(value));
    case 'costNok':
      return typeof value === 'number' ? `${formatNumber(lang, value)} kr` : String(value);
    case 'partners':
      return phrases((p) => `${text(p.name)}${p.orgnr ? ` (${text(p.orgnr)})` : ''}, ${cm.actorTypes[p.actorType as keyof CaseMessages['actorTypes']] ?? text(p.actorType)}`);
    case 'benefits':
      return phrases((b) =>
        [
          cm.benefitCategories[b.category as keyof CaseMessages['benefitCategories']] ?? text(b.category),
          b.realised ? f.realised : f.planned,
          text(b.description),
          typeof b.value === 'number' ? `${formatNumber(lang, b.value)} ${text(b.unit)}`.trim() : '',
        ]
          .filter(Boolean)
          .join(', '),
      );
    case 'links':
      return phrases((l) => (l.label && l.label !== l.url ? `${text(l.label)} (${text(l.url)})` : text(l.url)));
    case 'trials':
      return phrases((t) =>
        [
          text(t.title),
          t.result ? cm.trialResults[t.result as keyof CaseMessages['trialResults']] : cm.trial.ongoing,
          t.decision ? cm.trialDecisions[t.decision as keyof CaseMessages['trialDecisions']] : '',
        ]
          .filter(Boolean)
          .join(', '),
      );
  }
  if (typeof value === 'boolean') return value ? f.yes : f.no;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return Object.values(value as Row).filter((x) => x !== null && x !== '').map(String).join(', ');
  return String(value);
}

export interface HistoryView {
  caseId: string;
  title: string;
  versions: HistoryEntry[];
  /** Theme URI → label in the reader's language, for every theme named in the versions. */
  themeLabels: Record<string, string>;
}

export function HistoryPage({ ctx, view }: { ctx: ViewContext; view: HistoryView }) {
  const cm = caseMessages(ctx.lang);
  const { caseId, title, versions, themeLabels } = view;
  const sections: Record<string, string> = { themes: cm.sections.themes, trials: cm.sections.trials, benefits: cm.sections.benefits, links: cm.sections.links, published: cm.published };
  const label = (field: string) => {
    const inForm = cm.f[field as keyof CaseMessages['f']];
    return sections[field] ?? cm.historyFields[field] ?? (typeof inForm === 'string' ? inForm : field);
  };
  const value = (field: string, v: unknown, Mark: 'del' | 'ins') => {
    const shown = formatValue(field, v, cm, ctx.lang, themeLabels);
    // An empty side is a dash, not a struck-out or inserted one.
    return shown === '–' ? shown : <Mark>{shown}</Mark>;
  };
  return (
    <Layout ctx={ctx} title={cm.historyTitle(title)} section="cases">
      <Paragraph>
        <Link href={`/cases/${caseId}`}>
          {title}
        </Link>
      </Paragraph>
      <Heading level={1} size="lg">
        {cm.historyTitle(title)}
      </Heading>
      <ol class="history">
        {versions.map((v) => (
          <li class="history__entry" data-version={v.version}>
            <Heading level={2} size="xs">
              {cm.version(String(v.version))}: {cm.actions[v.action] ?? v.action} – {formatDateTime(ctx.lang, new Date(v.at))}
              {v.userName ? ` ${cm.by} ${v.userName}` : ''}
            </Heading>
            <div class="table-scroll">
              <table class="ds-table history__table" data-size="sm">
                <caption class="ds-sr-only">{cm.version(String(v.version))}</caption>
                <thead>
                  <tr>
                    <th scope="col">{cm.field}</th>
                    <th scope="col">{cm.oldValue}</th>
                    <th scope="col">{cm.newValue}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.changes.map((c) => (
                    <tr>
                      <th scope="row">{label(c.field)}</th>
                      <td>{value(c.field, c.old, 'del')}</td>
                      <td>{value(c.field, c.new, 'ins')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
