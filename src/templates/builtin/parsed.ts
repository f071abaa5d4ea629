// The built-in templates, parsed. scripts/build.mjs replaces this module in the bundle with
// the same objects computed at build time, so building from a built-in template loads no
// YAML parser at run time (~20 ms saved); from source it parses on first use.
import { parseTemplate } from '../parse.ts';
import type { Template } from '../types.ts';
import { BUILTIN_TEMPLATES } from './index.ts';

const parsed = new Map<string, Template>();

// The built-in template called name, or undefined when there is none.
export function builtinTemplate(name: string): Template | undefined {
  const text = Object.hasOwn(BUILTIN_TEMPLATES, name) ? BUILTIN_TEMPLATES[name] : undefined;
  if (text === undefined) return undefined;
  let template = parsed.get(name);
  if (!template) {
    template = parseTemplate(text, 'built-in', name).template;
    parsed.set(name, template);
  }
  return template;
}
