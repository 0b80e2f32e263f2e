// Main entry (edge-safe: no Node built-ins, no execa). Re-exports only; each part lives in its folder.
export * from './batch';
export * from './bench';
export * from './provider';
export * from './routing';
export * from './server';
export { VERSION } from './version';
