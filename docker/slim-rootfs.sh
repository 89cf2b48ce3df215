#!/bin/sh
# Shrinks a Debian root filesystem before it becomes an image: both build paths run it
# (the Dockerfile on /, the offline path on the debootstrap directory).
set -eu
root="${1:?usage: slim-rootfs.sh <rootfs>}"
rm -rf \
  "$root"/var/lib/apt/lists/* \
  "$root"/var/cache/apt/*.bin \
  "$root"/var/cache/apt/archives/*.deb \
  "$root"/var/cache/debconf/*-old \
  "$root"/var/log/*.log \
  "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* \
  "$root"/usr/share/info/* \
  "$root"/usr/share/lintian/* \
  "$root"/usr/share/locale/*
