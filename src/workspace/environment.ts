// The environment every workspace session gets, and the project's .env.claude.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv } from './dotenv.ts';

export const PROJECT_ENV_FILE = '.env.claude';

export interface ProjectEnvironment {
  readonly vars: Readonly<Record<string, string>>;
  /** Lines of .env.claude that were skipped, each naming the file and line. */
  readonly warnings: readonly string[];
}

// The project's .env.claude, parsed as a dotenv file (nothing in it is ever executed).
export function readProjectEnv(projectDir: string): ProjectEnvironment {
  const file = join(projectDir, PROJECT_ENV_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { vars: {}, warnings: [] };
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = parseDotenv(text, PROJECT_ENV_FILE);
  return {
    vars: Object.fromEntries(parsed.vars.map((entry) => [entry.name, entry.value])),
    warnings: parsed.warnings.map((warning) => warning.message),
  };
}

export interface WorkspaceEnvInput {
  readonly project: string;
  readonly projectDir: string;
  /** The user's $EDITOR, if any. */
  readonly editor: string | undefined;
  readonly templateEnv: Readonly<Record<string, string>>;
  readonly projectEnv: Readonly<Record<string, string>>;
}

// Layered: EDITOR, then the template's env, then .env.claude; the variables that say
// which workspace this is come last so nothing can make them lie.
export function workspaceEnvironment(input: WorkspaceEnvInput): Record<string, string> {
  return {
    EDITOR: input.editor || 'nvim',
    ...input.templateEnv,
    ...input.projectEnv,
    CLAUDE_PROJECT: input.project,
    PROJECT_ROOT: input.projectDir,
    CLAUDE_CODE_TMUX_SESSION: '1',
  };
}
