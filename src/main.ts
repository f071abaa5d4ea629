// The entry point of dist/claude-sessions.cjs: run the command line with this process's argv.
import { runCli } from './cli.ts';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
