// Run the CLI in-process (from src/) and capture what it prints.
import { runCli } from '../../src/cli.ts';
import { redirectOutput } from '../../src/util/output.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliCaptured(argv: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  redirectOutput({ out: (text) => (stdout += text), err: (text) => (stderr += text) });
  try {
    const code = await runCli(argv);
    return { code, stdout, stderr };
  } finally {
    redirectOutput();
  }
}
