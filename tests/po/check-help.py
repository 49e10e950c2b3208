#!/usr/bin/env python3
# check-help.py — a program's output contains the given texts.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-help.py [--env NAME=VALUE]… [--expect TEXT]… -- PROGRAM [ARGS…]
#
# Runs PROGRAM with the environment changed as --env says, and fails
# unless it exits 0 and its standard output contains every --expect text.
# The tests use it to see a program's --help in a language.

import os
import subprocess
import sys


def main(argv):
    env = dict(os.environ)
    expected = []

    if '--' not in argv:
        print('usage: check-help.py [--env NAME=VALUE]… [--expect TEXT]… -- PROGRAM [ARGS…]',
              file=sys.stderr)
        return 2
    split = argv.index('--')
    options, command = argv[:split], argv[split + 1:]
    it = iter(options)
    for option in it:
        value = next(it, None)
        if option == '--env' and value is not None and '=' in value:
            name, _, val = value.partition('=')
            env[name] = val
        elif option == '--expect' and value is not None:
            expected.append(value)
        else:
            print(f'check-help.py: bad option {option}', file=sys.stderr)
            return 2

    p = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    print(p.stdout)
    errors = []
    if p.returncode != 0:
        errors.append(f'{command[0]} exited {p.returncode}:\n{p.stderr}')
    for text in expected:
        if text not in p.stdout:
            errors.append(f'the output lacks “{text}”')

    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
