// Removes the current package's dist/ before a build (tsup's own `clean` races between formats).
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
