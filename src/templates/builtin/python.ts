// Built-in template for Python projects: a Claude agent beside an editor and a shell for git.
export default `name: python
description: Python project - a Claude agent, an editor and a shell for git operations
history-limit: 50000
windows:
  - name: main
    layout: main-vertical
    panes:
      - role: claude
        focus: true
      - role: editor
      - role: git
`;
