// Built-in template for React apps: two Claude agents, an editor, the dev server and git in one tiled window.
export default `name: react
description: React app - Claude agents in components/ and api/, an editor on src/, the dev server, a shell for git operations
history-limit: 50000
windows:
  - name: agents
    layout: tiled
    panes:
      - role: claude
        dir: components
        focus: true
      - role: claude
        dir: api
      - role: editor
        dir: src
      - role: dev
        dir: .
        commands: npm run dev
      - role: git
`;
