#!/usr/bin/env bash
# Installs the system packages cmux Director's demo and tests need, when they are missing.
# Usage: bash scripts/system-deps.sh [package ...]   (Debian/Ubuntu package names)
# Uses apt as root, or through sudo when sudo works without a password; otherwise prints the one
# command to run and fails. On systems without dpkg it only checks for the commands.
set -euo pipefail
packages=("$@")
[ "${#packages[@]}" -gt 0 ] || packages=(tmux git ripgrep libkrb5-dev python3 make g++)

if ! command -v dpkg >/dev/null 2>&1; then
  for cmd in tmux git rg python3 make; do
    command -v "$cmd" >/dev/null 2>&1 || { echo "missing: $cmd (install tmux, git, ripgrep, python3 and make, e.g. with brew)" >&2; exit 1; }
  done
  exit 0
fi

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"
else
  echo "cmux Director needs these packages: ${missing[*]}" >&2
  echo "Install them, then run this again:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "--> installing ${missing[*]} (apt-get; about a minute)…"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
