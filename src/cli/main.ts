#!/usr/bin/env node
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
// Pipes and files are written synchronously on Linux, so nothing is lost by exiting here; exiting
// explicitly stops keep-alive sockets and timers of libraries from holding the process open.
process.exit(code);
