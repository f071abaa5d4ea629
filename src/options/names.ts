// What every `@claude-*` option the plugin sets is: its name, where tmux keeps it, what it holds.
// The user options (definitions.ts) are configuration; these are the plugin's own records.

// Where tmux keeps an option: server-wide (-g), per session, per window or per pane (-p).
export type OptionScope = 'server' | 'session' | 'window' | 'pane';

// One option the plugin reads or writes.
export interface NameDefinition {
  readonly name: `@claude-${string}`;
  readonly scope: OptionScope;
  readonly description: string;
}

// The names of a group of definitions, by the same keys: { state: { name: '@claude-state', … } } -> { state: '@claude-state' }.
export function namesOf<T extends Readonly<Record<string, NameDefinition>>>(definitions: T): { readonly [K in keyof T]: T[K]['name'] } {
  return Object.fromEntries(Object.entries(definitions).map(([key, definition]) => [key, definition.name])) as { readonly [K in keyof T]: T[K]['name'] };
}
