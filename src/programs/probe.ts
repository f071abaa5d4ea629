// Probing the other programs claude-sessions relies on (git, claude), for doctor.
// execa is loaded only here, on demand: it costs ~40 ms to import, which the hot
// commands (ls, event) must not pay.

export interface ProgramProbe {
  readonly program: string;
  readonly found: boolean;
  /** First line of `PROGRAM --version`, when it ran. */
  readonly version: string | undefined;
  readonly error: string | undefined;
}

// Run `program --version` with a timeout; never throws.
export async function probeProgram(program: string, timeoutMs = 5000): Promise<ProgramProbe> {
  const { execa } = await import('execa');
  const result = await execa(program, ['--version'], { reject: false, timeout: timeoutMs, stdin: 'ignore' });
  if (result.failed) {
    const missing = (result as { code?: string }).code === 'ENOENT';
    return {
      program,
      found: !missing,
      version: undefined,
      error: missing ? `${program} is not on PATH` : result.shortMessage,
    };
  }
  return { program, found: true, version: result.stdout.split('\n')[0]?.trim(), error: undefined };
}
