#!/usr/bin/env node
// The CLI, once built (`npm run build`): a committed shim, so that installing the workspace links
// the bin before dist/ exists.
await import('../dist/cli.js');
