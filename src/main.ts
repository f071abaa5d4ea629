// The entry point of dist/claude-sessions.cjs: run the command line with this process's argv.
import { runCli } from './cli.ts';

// Exit as soon as the command is done: all output was written synchronously, and
// node otherwise takes 30-50 ms to wind down after a workspace build.
runCli(process.argv.slice(2)).then((code) => process.exit(code));
