// A parsed template written back as normalised YAML (what `templates show` prints).
import { stringify } from 'yaml';
import type { PaneTemplate, Template, WindowTemplate } from './types.ts';

// Normalised YAML of a template: defaults spelled out, lists as lists, headed by its source.
// Parsing the result gives the same template back (source aside).
export function renderTemplateYaml(template: Template): string {
  const document = {
    name: template.name,
    description: template.description,
    root: template.root,
    ...(template.historyLimit === undefined ? {} : { 'history-limit': template.historyLimit }),
    ...(template.before.length === 0 ? {} : { before: [...template.before] }),
    ...(Object.keys(template.env).length === 0 ? {} : { env: { ...template.env } }),
    windows: template.windows.map(windowDocument),
  };
  return `# source: ${template.source}\n${stringify(document, { lineWidth: 0 })}`;
}

function windowDocument(window: WindowTemplate): Record<string, unknown> {
  return {
    name: window.name,
    ...(window.layout === undefined ? {} : { layout: window.layout }),
    ...(window.focus ? { focus: true } : {}),
    panes: window.panes.map(paneDocument),
  };
}

function paneDocument(pane: PaneTemplate): Record<string, unknown> {
  return {
    role: pane.role,
    dir: pane.dir,
    ...(pane.commands.length === 0 ? {} : { commands: [...pane.commands] }),
    ...(pane.focus ? { focus: true } : {}),
    ...(pane.title === undefined ? {} : { title: pane.title }),
  };
}
