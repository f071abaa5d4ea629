// What a workspace template describes, once parsed and validated.
import { DomainError } from '../util/errors.ts';

export const PANE_ROLES = ['claude', 'editor', 'git', 'dev', 'shell'] as const;
export type PaneRole = (typeof PANE_ROLES)[number];

export interface PaneTemplate {
  /** Folder relative to the project root ('' or '.' for the root). */
  readonly dir: string;
  /** Commands typed into the pane's shell, in order. Empty: the role's default. */
  readonly commands: readonly string[];
  readonly role: PaneRole;
  readonly focus: boolean;
  /** Pane title (select-pane -T); defaults to the role. */
  readonly title?: string;
}

export interface WindowTemplate {
  readonly name: string;
  /** A tmux layout name (tiled, main-vertical, …) or a saved layout string. */
  readonly layout?: string;
  readonly focus: boolean;
  readonly panes: readonly PaneTemplate[];
}

export interface Template {
  readonly name: string;
  readonly description: string;
  /** Project root relative to the project folder ('.' by default). */
  readonly root: string;
  readonly env: Readonly<Record<string, string>>;
  readonly historyLimit?: number;
  /** Commands run once, in the project root, before the session is built. */
  readonly before: readonly string[];
  readonly windows: readonly WindowTemplate[];
  /** Where it came from: a file path, or `built-in`. */
  readonly source: string;
}

// Something questionable but not fatal in a template file (an unknown key, say).
export interface TemplateWarning {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

// A template file that cannot be used; the message names the file, line and column.
export class TemplateError extends DomainError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}:${line}:${column}: ${reason}` : `${file}: ${reason}`);
    this.name = 'TemplateError';
  }
}
