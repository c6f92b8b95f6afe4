#!/usr/bin/env node
// `npx lead-agent`: the CLI is TypeScript; register tsx's loader in-process rather than spawning a second node.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
