/** Entry point of the cmux-director executable (bundled to dist/cli.js). */
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
