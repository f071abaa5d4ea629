'use strict';
// Runs dist/claude-sessions.cjs (argv[2]) with V8's compiled code kept between runs, as
// scripts/claude-sessions does: compiling the bundle is most of what a command costs above
// node's own start. Node 22.8+ keeps it itself (module.enableCompileCache); on older node the
// code cache is one file per bundle in the cache folder, used only while the bundle is the
// very file it was made from. Any failure to read or write the cache just runs uncached.
// Code run from a vm.Script cannot import() on node 20: the build turns every import() into
// require() (scripts/build.mjs), so the bundle has none.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

// NODE_EXTRA_CA_CERTS as the user set it, which the shim kept from node's start: the programs
// the CLI starts (tmux, a server it starts and its panes, git …) see it as it was.
if (process.env.CLAUDE_SESSIONS_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.CLAUDE_SESSIONS_EXTRA_CA_CERTS;
  delete process.env.CLAUDE_SESSIONS_EXTRA_CA_CERTS;
}

const bundle = path.resolve(process.argv[2]);
// The CLI sees the argv it would have had run as `node dist/claude-sessions.cjs ARGS`.
process.argv.splice(1, 2, bundle);
const cacheHome = process.env.XDG_CACHE_HOME || (process.env.HOME ? path.join(process.env.HOME, '.cache') : undefined);
const cacheDir = cacheHome === undefined ? undefined : path.join(cacheHome, 'claude-sessions');

if (!ownCacheDir(cacheDir)) {
  require(bundle);
} else if (typeof Module.enableCompileCache === 'function') {
  Module.enableCompileCache(path.join(cacheDir, 'compile-cache'));
  require(bundle);
} else {
  runWithCodeCache();
}

// True when the cache folder (made if missing) and the folder holding it belong to this user
// (or root) and nobody else can write them: compiled code read from a folder someone else
// can write would run their code. No HOME and no XDG_CACHE_HOME: no cache (never /tmp).
function ownCacheDir(dir) {
  if (dir === undefined || typeof process.getuid !== 'function') return false;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const uid = process.getuid();
    return [dir, path.dirname(dir)].every((folder) => {
      const stat = fs.lstatSync(folder);
      return stat.isDirectory() && (stat.uid === uid || stat.uid === 0) && (stat.mode & 0o022) === 0;
    });
  } catch {
    return false;
  }
}

function runWithCodeCache() {
  const key = bundleKey();
  const source = fs.readFileSync(bundle, 'utf8');
  // Replaced while being read (an update): run it, but make no cache of it.
  const unchanged = bundleKey() === key;
  const file = path.join(cacheDir, `code-cache-${fnv1a(bundle)}.bin`);
  const cached = unchanged ? readCache(file, key) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  if (unchanged && (cached === undefined || script.cachedDataRejected)) {
    // Written at exit, so that it holds every function this run compiled, not only the top level.
    process.on('exit', () => writeCache(file, key, script));
  }
  const module = new Module(bundle, null);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(path.dirname(bundle));
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
}

// What a cache is made from: this bundle (path, size, times, inode) under this node.
function bundleKey() {
  const stat = fs.statSync(bundle);
  return JSON.stringify([bundle, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, process.version, process.arch]);
}

// The cached code stored under `key`, else undefined.
function readCache(file, key) {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0) return undefined;
    const data = fs.readFileSync(file);
    const end = data.indexOf(10);
    if (end < 0 || data.subarray(0, end).toString('utf8') !== key) return undefined;
    return data.subarray(end + 1);
  } catch {
    return undefined;
  }
}

// Write the cache under a temporary name, then rename: a reader never sees half of one.
function writeCache(file, key, script) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${key}\n`, 'utf8'), script.createCachedData()]), { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing to tidy: the cache folder is not writable.
    }
  }
}

// A short stable name for a path (32-bit FNV-1a, hex): each checkout keeps its own cache file.
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
