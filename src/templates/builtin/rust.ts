// Built-in template for Rust crates: a Claude agent, an editor and cargo check.
export default `name: rust
description: Rust crate - a Claude agent, an editor and cargo check
windows:
  - name: main
    layout: main-vertical
    panes:
      - role: claude
        focus: true
      - role: editor
      - role: dev
        commands: cargo check
`;
