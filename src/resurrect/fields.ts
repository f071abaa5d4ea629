// How single values are spelled inside a tmux-resurrect line: `:` prefixes and path escaping.

// Fields that may be empty start with `:` so that bash's `read` (which merges runs of TABs) keeps them.
export function withColon(value: string): string {
  return `:${value}`;
}

// The value of a `:`-prefixed field; a field missing its prefix is taken as it is.
export function withoutColon(field: string): string {
  return field.startsWith(':') ? field.slice(1) : field;
}

// tmux-resurrect escapes only the first space of a path (`sed 's/ /\\ /'`), nothing else.
export function escapePath(path: string): string {
  return path.replace(' ', '\\ ');
}

// Undo escapePath; every backslash-space becomes a space, to read hand-edited files too.
export function unescapePath(field: string): string {
  return field.replaceAll('\\ ', ' ');
}

// TAB and newline would split fields and lines, so the file holds a space in their place.
export function flattenSeparators(value: string): string {
  return value.replace(/[\t\n]/g, ' ');
}

// A value quoted for a warning, cut short so a garbage line cannot flood the message.
export function quoted(value: string, limit = 40): string {
  return JSON.stringify(value.length > limit ? `${value.slice(0, limit)}…` : value);
}
