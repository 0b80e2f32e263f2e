export { VERSION } from '../version';
