import type { SoakRun } from './run-soak';

export function renderSoakTimeline(run: SoakRun): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" data-calls="${run.figures.calls}"></svg>\n`;
}
