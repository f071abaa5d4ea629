// Built-in template for Node.js projects: two Claude agents, an editor and the dev server, tiled.
export default `name: node
description: Node.js project - two Claude agents, an editor and npm run dev
windows:
  - name: agents
    layout: tiled
    panes:
      - role: claude
        focus: true
      - role: claude
      - role: editor
      - role: dev
        commands: npm run dev
`;
