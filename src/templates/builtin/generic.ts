// Built-in template for any folder: a Claude agent and a git shell (where prefix g types) side by side.
export default `name: generic
description: Any project - a Claude agent and a shell for git operations side by side
history-limit: 50000
windows:
  - name: main
    layout: even-horizontal
    panes:
      - role: claude
        focus: true
      - role: git
`;
