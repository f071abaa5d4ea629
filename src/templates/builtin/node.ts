// Built-in template for Node.js projects: two Claude agents, an editor, the dev server and git, tiled.
export default `name: node
description: Node.js project - two Claude agents, an editor, npm run dev and a shell for git operations
history-limit: 50000
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
      - role: git
`;
