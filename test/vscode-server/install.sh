#!/usr/bin/env bash
# Install code-server 4.100.3 (= VS Code 1.100.3, runs on Node 20) using only the npm registry + apt.
# Needs (apt): libkrb5-dev ripgrep chromium, plus python3 make g++ for node-gyp.
# Usage (from the repo root): npm run install:vscode-server   (= bash test/vscode-server/install.sh)
set -euo pipefail
cd "$(dirname "$0")"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"  # build native addons against the local Node headers (no header download)
export npm_config_yes=true                                # node-pty's postinstall runs `npx node-gyp@12.4.0` (from the npm registry)
export npm_config_audit=false npm_config_fund=false
V=node_modules/code-server/lib/vscode
if [ -f .installed-4.100.3 ]; then echo "code-server already installed"; exit 0; fi
command -v rg >/dev/null || { echo "ripgrep (rg) not found: apt-get install -y ripgrep" >&2; exit 1; }
echo "--> 1/5 downloading code-server 4.100.3 from npm"
npm install --ignore-scripts                               # code-server's own postinstall would fail (GitHub downloads)
echo "--> 2/5 downloading VS Code's server dependencies"
(cd "$V" && npm install --omit=dev --ignore-scripts)      # VS Code server dependencies
mkdir -p "$V/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$V/node_modules/@vscode/ripgrep/bin/rg"   # otherwise @vscode/ripgrep downloads rg from GitHub
echo "--> 3/5 compiling native modules (node-pty, spdlog, kerberos, …)"
(cd "$V" && npm rebuild)                                  # builds spdlog, node-pty, kerberos, native-watchdog, deviceid, ...
ln -sfn node_modules "$V/node_modules.asar"               # what code-server's postinstall.sh does
echo "--> 4/5 installing the built-in extensions' dependencies"
(cd "$V/extensions" && npm install --omit=dev)            # TypeScript for the built-in TS/JS language features (optional)
echo "--> 5/5 compiling argon2 and checking the install"
npm rebuild argon2                                        # required at startup even with --auth none
for f in @vscode/spdlog/build/Release/spdlog.node node-pty/build/Release/pty.node \
         native-watchdog/build/Release/watchdog.node kerberos/build/Release/kerberos.node; do
  test -f "$V/node_modules/$f" || { echo "MISSING native module: $f" >&2; exit 1; }
done
XDG_CONFIG_HOME="$PWD/.state/config" XDG_DATA_HOME="$PWD/.state/data" node node_modules/code-server/out/node/entry.js --version  # its state stays here, not in ~/.config
touch .installed-4.100.3
