import type { Lang } from '../i18n/index.js';
import { formatNumber } from '../i18n/index.js';
import type { Figure } from '../core/indicators.js';

/** A figure's value: a share in per cent (one decimal), or the count; null when a share has nothing to divide by. */
export function figureValue(fig: Figure): number | null {
  if (fig.total === null) return fig.count;
  return fig.total === 0 ? null : Math.round((fig.count / fig.total) * 1000) / 10;
}

/** A figure as text: «42,5 %» or «17»; «–» when there is nothing to count. */
export function formatFigure(lang: Lang, fig: Figure): string {
  const v = figureValue(fig);
  if (v === null) return '–';
  return fig.total === null ? formatNumber(lang, v) : `${formatNumber(lang, v)} %`;
}

const W = 600;
const H = 180;
const PAD = { top: 18, right: 8, bottom: 24, left: 8 };

/**
 * A bar per year, drawn on the server as SVG. Hidden from assistive technology (aria-hidden): the
 * table beside it has the same numbers and is the accessible version. Shares run 0–100 %, counts
 * from 0 to the largest. Classes only (the CSP forbids inline styles).
 */
export function TrendChart({ lang, years, unit }: { lang: Lang; years: { year: number; fig: Figure }[]; unit: 'share' | 'count' }) {
  const values = years.map((y) => figureValue(y.fig));
  const max = unit === 'share' ? 100 : Math.max(1, ...values.map((v) => v ?? 0));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, years.length);
  const barW = Math.max(2, Math.min(48, step * 0.7));
  // Label every year when there is room, else every other (and always the last).
  const every = years.length > 15 ? 3 : years.length > 10 ? 2 : 1;
  return (
    <svg class="trend-chart" viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
      <line class="trend-chart__axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      {years.map((y, i) => {
        const v = values[i] ?? null;
        const x = PAD.left + step * i + (step - barW) / 2;
        const h = v === null ? 0 : (v / max) * plotH;
        const label = i % every === 0 || i === years.length - 1;
        return (
          <g>
            {v !== null ? <rect class="trend-chart__bar" x={x.toFixed(1)} y={(H - PAD.bottom - h).toFixed(1)} width={barW.toFixed(1)} height={Math.max(h, 0.5).toFixed(1)} /> : null}
            {v !== null && label ? (
              <text class="trend-chart__value" x={(x + barW / 2).toFixed(1)} y={(H - PAD.bottom - h - 4).toFixed(1)} text-anchor="middle">
                {formatFigure(lang, y.fig)}
              </text>
            ) : null}
            {label ? (
              <text class="trend-chart__year" x={(x + barW / 2).toFixed(1)} y={H - 6} text-anchor="middle">
                {String(y.year)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
