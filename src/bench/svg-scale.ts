/** A mapping from data values to pixels along one axis, with its tick values. */
export interface Scale {
  toPixel(value: number): number;
  ticks: number[];
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Short tick/label text: 0.25, 3.5, 42, 1.2k, 15k, 2.5M. */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${trim(value / 1e6)}M`;
  if (magnitude >= 1e4) return `${trim(value / 1e3)}k`;
  if (magnitude >= 1e3) return `${trim(value / 1e3, 2)}k`;
  if (magnitude >= 10 || magnitude === 0) return trim(value, 0);
  if (magnitude >= 1) return trim(value, 1);
  return trim(value, 2 - Math.floor(Math.log10(magnitude)) - 1);
}

function trim(value: number, digits = 1): string {
  return Number(value.toFixed(Math.max(0, Math.min(digits, 6)))).toString();
}

/** Linear scale from 0 to a "nice" maximum above `max`, with about 5 ticks. */
export function linearScale(max: number, pixelStart: number, pixelEnd: number): Scale {
  const top = max > 0 ? max : 1;
  const rough = top / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const niceMax = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let tick = 0; tick <= niceMax + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return {
    toPixel: (value) => pixelStart + (value / niceMax) * (pixelEnd - pixelStart),
    ticks,
  };
}

/** Logarithmic scale covering [min, max] (positive values), ticks at 1-2-5 steps. */
export function logScale(min: number, max: number, pixelStart: number, pixelEnd: number): Scale {
  const low = 10 ** Math.floor(Math.log10(min));
  const high = 10 ** Math.ceil(Math.log10(max));
  const span = Math.log10(high) - Math.log10(low) || 1;
  const ticks: number[] = [];
  for (let decade = low; decade < high * 1.0001; decade *= 10) {
    for (const factor of [1, 2, 5]) {
      const tick = Number((decade * factor).toPrecision(12));
      if (tick >= low && tick <= high) ticks.push(tick);
    }
  }
  // Many decades: keep only the powers of ten.
  const shown = ticks.length > 10 ? ticks.filter((tick) => Number.isInteger(Math.log10(tick))) : ticks;
  return {
    toPixel: (value) => pixelStart + ((Math.log10(value) - Math.log10(low)) / span) * (pixelEnd - pixelStart),
    ticks: shown,
  };
}

/**
 * Concurrency axis: log₂ positions when the levels span more than a factor of 2 (1, 4, 16, 64 are
 * evenly spaced), linear otherwise; one tick per measured level.
 */
export function concurrencyScale(levels: readonly number[], pixelStart: number, pixelEnd: number): Scale {
  const sorted = [...new Set(levels)].sort((a, b) => a - b);
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const position = max / min > 2 ? Math.log2 : (value: number) => value;
  const span = position(max) - position(min);
  return {
    toPixel: (value) =>
      span === 0
        ? (pixelStart + pixelEnd) / 2
        : pixelStart + ((position(value) - position(min)) / span) * (pixelEnd - pixelStart),
    ticks: sorted,
  };
}
