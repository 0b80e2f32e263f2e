import { concurrencyScale, escapeXml, formatNumber, linearScale, logScale, type Scale } from './svg-scale';

/** One line of a chart: a metric's value at each concurrency level (`null` = not measured). */
export interface ChartSeries {
  /** Stable id, written as `data-metric` (e.g. `ttft-p99`). */
  metric: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** Which y axis the series is read against. @default 'left' */
  axis?: 'left' | 'right';
  /** Unit shown in the point tooltips. */
  unit: string;
  values: (number | null)[];
}

/** A chart panel: concurrency on x, one or two y axes, several series. */
export interface ChartPanel {
  id: string;
  title: string;
  left: number;
  top: number;
  width: number;
  height: number;
  concurrency: number[];
  leftLabel: string;
  rightLabel?: string;
  /** `log` switches the left axis to a log scale when the values span more than 20×. */
  leftScale: 'linear' | 'log';
  series: ChartSeries[];
}

const AXIS_COLOR = '#4b5563';
const GRID_COLOR = '#e5e7eb';

function yScale(values: number[], kind: 'linear' | 'log', bottom: number, top: number): Scale {
  const positive = values.filter((value) => value > 0);
  const max = Math.max(0, ...values);
  if (kind === 'log' && positive.length > 0 && max / Math.min(...positive) > 20) {
    return logScale(Math.min(...positive), max, bottom, top);
  }
  return linearScale(max, bottom, top);
}

function seriesValues(series: ChartSeries[], axis: 'left' | 'right'): number[] {
  return series
    .filter((line) => (line.axis ?? 'left') === axis)
    .flatMap((line) => line.values.filter((value): value is number => value !== null));
}

/** Renders one panel as an SVG `<g>`: frame, grid, axes with ticks and labels, series, legend. */
export function renderPanel(panel: ChartPanel): string {
  const plot = {
    left: panel.left + 62,
    right: panel.left + panel.width - 58,
    top: panel.top + 34,
    bottom: panel.top + panel.height - 92,
  };
  const x = concurrencyScale(panel.concurrency, plot.left + 14, plot.right - 14);
  const y = {
    left: yScale(seriesValues(panel.series, 'left'), panel.leftScale, plot.bottom, plot.top),
    right: yScale(seriesValues(panel.series, 'right'), 'linear', plot.bottom, plot.top),
  };
  const out: string[] = [`<g class="panel" id="${escapeXml(panel.id)}">`];
  out.push(
    `<text class="panel-title" x="${(plot.left + plot.right) / 2}" y="${panel.top + 18}" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(panel.title)}</text>`,
  );

  // Grid and y axes.
  out.push(`<g class="axis y left" data-label="${escapeXml(panel.leftLabel)}">`);
  for (const tick of y.left.ticks) {
    const py = y.left.toPixel(tick).toFixed(1);
    out.push(
      `<line x1="${plot.left}" x2="${plot.right}" y1="${py}" y2="${py}" stroke="${GRID_COLOR}"/>`,
      `<text x="${plot.left - 6}" y="${py}" dy="0.32em" text-anchor="end" font-size="11" fill="${AXIS_COLOR}">${formatNumber(tick)}</text>`,
    );
  }
  out.push(
    `<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="${AXIS_COLOR}"/>`,
    `<text transform="translate(${panel.left + 14} ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="${AXIS_COLOR}">${escapeXml(panel.leftLabel)}</text>`,
    '</g>',
  );
  if (panel.rightLabel !== undefined) {
    out.push(`<g class="axis y right" data-label="${escapeXml(panel.rightLabel)}">`);
    for (const tick of y.right.ticks) {
      const py = y.right.toPixel(tick).toFixed(1);
      out.push(
        `<text x="${plot.right + 6}" y="${py}" dy="0.32em" font-size="11" fill="${AXIS_COLOR}">${formatNumber(tick)}</text>`,
      );
    }
    out.push(
      `<line x1="${plot.right}" x2="${plot.right}" y1="${plot.top}" y2="${plot.bottom}" stroke="${AXIS_COLOR}"/>`,
      `<text transform="translate(${panel.left + panel.width - 10} ${(plot.top + plot.bottom) / 2}) rotate(90)" text-anchor="middle" font-size="12" fill="${AXIS_COLOR}">${escapeXml(panel.rightLabel)}</text>`,
      '</g>',
    );
  }

  // x axis.
  out.push('<g class="axis x" data-label="concurrency">');
  out.push(
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${AXIS_COLOR}"/>`,
  );
  for (const tick of x.ticks) {
    const px = x.toPixel(tick).toFixed(1);
    out.push(
      `<line x1="${px}" x2="${px}" y1="${plot.bottom}" y2="${plot.bottom + 5}" stroke="${AXIS_COLOR}"/>`,
      `<text x="${px}" y="${plot.bottom + 18}" text-anchor="middle" font-size="11" fill="${AXIS_COLOR}">${tick}</text>`,
    );
  }
  out.push(
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 36}" text-anchor="middle" font-size="12" fill="${AXIS_COLOR}">concurrency (requests in flight)</text>`,
    '</g>',
  );

  // Series.
  for (const line of panel.series) {
    const scale = y[line.axis ?? 'left'];
    const points = line.values
      .map((value, index) => ({ value, concurrency: panel.concurrency[index] }))
      .filter(
        (point): point is { value: number; concurrency: number } => point.value !== null && point.value > 0,
      );
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : '';
    const coordinates = points.map(
      (point) => `${x.toPixel(point.concurrency).toFixed(1)},${scale.toPixel(point.value).toFixed(1)}`,
    );
    out.push(`<g class="series" data-metric="${escapeXml(line.metric)}">`);
    out.push(
      `<polyline fill="none" stroke="${line.color}" stroke-width="2"${dash} points="${coordinates.join(' ')}"/>`,
    );
    points.forEach((point, index) => {
      const [cx, cy] = coordinates[index].split(',');
      out.push(
        `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${line.color}"><title>${escapeXml(`${line.label} at concurrency ${point.concurrency}: ${formatNumber(point.value)} ${line.unit}`)}</title></circle>`,
      );
    });
    out.push('</g>');
  }

  // Legend under the x axis label, in rows of three.
  out.push('<g class="legend">');
  panel.series.forEach((line, index) => {
    const lx = plot.left + (index % 3) * ((plot.right - plot.left) / 3);
    const ly = plot.bottom + 56 + Math.floor(index / 3) * 18;
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${line.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 28}" y="${ly}" dy="0.32em" font-size="11">${escapeXml(line.label)}</text>`,
    );
  });
  out.push('</g>', '</g>');
  return out.join('\n');
}
