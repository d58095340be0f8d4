/**
 * Server-rendered SVG charts for the barometer statistics: horizontal bars with 95 % interval whiskers
 * (shares or 1–6 means), optional reference lines, and a trend line across rounds. The SVG is
 * aria-hidden: every chart sits in a <figure> beside a table of the same numbers, which is what screen
 * readers read. No inline styles (the CSP forbids them): classes from resources/public/barometer.css
 * and presentation attributes only.
 */
export interface Bar {
  label: string;
  /** Share 0–1 or a mean; null when hidden or without answers. */
  value: number | null;
  lo?: number;
  hi?: number;
  /** Shown instead of a value (e.g. "hidden"). */
  note?: string;
}

export interface BarSection {
  label: string | null;
  bars: Bar[];
}

export interface ReferenceMark {
  value: number;
  label: string;
}

interface Scale {
  min: number;
  max: number;
  format: (v: number) => string;
}

const W = 640;
const LEFT = 8;
const PLOT = 470;
const LABEL_H = 16;
const BAR_H = 14;
const ROW = LABEL_H + BAR_H + 8;
const SECTION_H = 22;

/** Bars with whiskers, grouped in sections, on one scale (0–100 % or 1–6). */
export function BarChart({ sections, scale, references = [] }: { sections: BarSection[]; scale: Scale; references?: ReferenceMark[] }) {
  const x = (v: number) => LEFT + ((v - scale.min) / (scale.max - scale.min)) * PLOT;
  let y = references.length ? 18 : 4;
  const top = y;
  const parts = sections.map((s) => {
    const head = s.label ? (
      <text class="chart-section" x={LEFT} y={y + 15}>
        {s.label}
      </text>
    ) : null;
    if (s.label) y += SECTION_H;
    const rows = s.bars.map((b) => {
      const y0 = y;
      y += ROW;
      return (
        <g>
          <text class="chart-label" x={LEFT} y={y0 + 12}>
            {b.label}
          </text>
          {b.value === null ? (
            <text class="chart-note" x={LEFT} y={y0 + LABEL_H + 11}>
              {b.note ?? ''}
            </text>
          ) : (
            <>
              <rect class="chart-bar" x={LEFT} y={y0 + LABEL_H} width={Math.max(1, x(b.value) - LEFT)} height={BAR_H} />
              {b.lo !== undefined && b.hi !== undefined ? (
                <path class="chart-whisker" d={`M${x(b.lo)} ${y0 + LABEL_H + BAR_H / 2}H${x(b.hi)}M${x(b.lo)} ${y0 + LABEL_H + 2}v${BAR_H - 4}M${x(b.hi)} ${y0 + LABEL_H + 2}v${BAR_H - 4}`} />
              ) : null}
              <text class="chart-value" x={x(b.hi ?? b.value) + 6} y={y0 + LABEL_H + 11}>
                {scale.format(b.value)}
              </text>
            </>
          )}
        </g>
      );
    });
    return (
      <g>
        {head}
        {rows}
      </g>
    );
  });
  const height = y + 6;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${height}`} width={W} height={height} aria-hidden="true" focusable="false">
      <path class="chart-axis" d={`M${LEFT} ${top}V${height - 4}`} />
      {references.map((r) => (
        <g>
          <path class="chart-reference" d={`M${x(r.value)} ${top - 2}V${height - 4}`} />
          <text class="chart-reference-label" x={x(r.value) + 3} y={11}>
            {r.label}
          </text>
        </g>
      ))}
      {parts}
    </svg>
  );
}

export interface TrendPoint {
  label: string;
  value: number | null;
  lo?: number;
  hi?: number;
}

/** A line across rounds (0–100 %), points with whiskers, gaps where a round's figure is hidden. */
export function TrendChart({ points, format, references = [] }: { points: TrendPoint[]; format: (v: number) => string; references?: ReferenceMark[] }) {
  const H = 220;
  const top = 16;
  const bottom = H - 28;
  const left = 60;
  const right = W - 20;
  const y = (v: number) => bottom - v * (bottom - top);
  const step = points.length > 1 ? (right - left - 40) / (points.length - 1) : 0;
  const x = (i: number) => left + 20 + i * step;
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i)} ${y(p.value)}`;
  });
  if (current) segments.push(current);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false">
      {[0, 0.25, 0.5, 0.75, 1].map((v) => (
        <g>
          <path class="chart-grid" d={`M${left} ${y(v)}H${right}`} />
          <text class="chart-tick" x={left - 6} y={y(v) + 4} text-anchor="end">
            {format(v)}
          </text>
        </g>
      ))}
      {references.map((r) => (
        <g>
          <path class="chart-reference" d={`M${left} ${y(r.value)}H${right}`} />
          <text class="chart-reference-label" x={right} y={y(r.value) - 4} text-anchor="end">
            {r.label}
          </text>
        </g>
      ))}
      {segments.map((d) => (
        <path class="chart-line" d={d} />
      ))}
      {points.map((p, i) => (
        <g>
          <text class="chart-tick" x={x(i)} y={H - 8} text-anchor="middle">
            {p.label}
          </text>
          {p.value !== null ? (
            <>
              {p.lo !== undefined && p.hi !== undefined ? <path class="chart-whisker" d={`M${x(i)} ${y(p.lo)}V${y(p.hi)}M${x(i) - 4} ${y(p.lo)}h8M${x(i) - 4} ${y(p.hi)}h8`} /> : null}
              <circle class="chart-point" cx={x(i)} cy={y(p.value)} r={4} />
            </>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
