// The built-in templates, by name, as YAML text (parsed like user files, source 'built-in').
import generic from './generic.ts';
import go from './go.ts';
import node from './node.ts';
import python from './python.ts';
import react from './react.ts';
import rust from './rust.ts';

// Built-in template YAML by template name.
export const BUILTIN_TEMPLATES: Readonly<Record<string, string>> = Object.freeze({ react, node, python, go, rust, generic });
