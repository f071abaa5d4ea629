// Built-in template for Go modules: a Claude agent, an editor and the tests.
export default `name: go
description: Go module - a Claude agent, an editor and go test ./...
windows:
  - name: main
    layout: main-vertical
    panes:
      - role: claude
        focus: true
      - role: editor
      - role: dev
        commands: go test ./...
`;
