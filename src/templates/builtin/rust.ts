// Built-in template for Rust crates: a Claude agent, an editor, cargo check and git.
export default `name: rust
description: Rust crate - a Claude agent, an editor, cargo check and a shell for git operations
history-limit: 50000
windows:
  - name: main
    layout: main-vertical
    panes:
      - role: claude
        focus: true
      - role: editor
      - role: dev
        commands: cargo check
      - role: git
`;
