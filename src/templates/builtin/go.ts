// Built-in template for Go modules: a Claude agent, an editor, the tests and git.
export default `name: go
description: Go module - a Claude agent, an editor, go test ./... and a shell for git operations
history-limit: 50000
windows:
  - name: main
    layout: main-vertical
    panes:
      - role: claude
        focus: true
      - role: editor
      - role: dev
        commands: go test ./...
      - role: git
`;
