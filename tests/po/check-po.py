#!/usr/bin/env python3
# check-po.py — checks of the message catalogues in po/.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage:
#   check-po.py potfiles SOURCE_ROOT
#       Every source file with translatable strings is listed in
#       po/POTFILES.in, and every file listed there exists.
#   check-po.py catalogues SOURCE_ROOT XGETTEXT MSGMERGE MSGFMT [XGETTEXT_ARGS…]
#       Every language of po/LINGUAS passes `msgfmt --check`, with no
#       untranslated and no fuzzy message: both as committed, and merged
#       with the strings xgettext finds in the sources now (so a string
#       added or changed since the last update-po counts as missing).
#   check-po.py self-test XGETTEXT MSGMERGE MSGFMT [XGETTEXT_ARGS…]
#       Both checks fail on small trees made to break them.
#
# Exits 0 when the check passes, 1 with the reasons on stderr when not.

import os
import re
import shutil
import subprocess
import sys
import tempfile

# Directories that hold no sources of the product: tests and tools use
# no catalogue, po/ is the catalogues themselves.
SKIPPED_DIRS = {'.git', 'po', 'tests', 'subprojects'}

C_MARKER = re.compile(
    r'(?<![\w])(?:_|N_|C_|NC_|Q_|gettext|dgettext|dcgettext|ngettext|dngettext|pgettext|'
    r'g_dgettext|g_dcgettext|g_dngettext|g_dpgettext|g_dpgettext2)\s*\(')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.I)
DESKTOP_KEY = re.compile(r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)\s*=', re.M)
METAINFO_ELEMENT = re.compile(r'<(?:name|summary|p|li|caption)(?:\s[^>]*)?>', re.S)
GSCHEMA_DOMAIN = re.compile(r'gettext-domain\s*=')
GSCHEMA_ELEMENT = re.compile(r'<(?:summary|description)(?:\s[^>]*)?>')


def is_build_dir(path):
    return (os.path.isdir(os.path.join(path, 'meson-private')) or
            os.path.isfile(os.path.join(path, 'build.ninja')))


def translatable_reason(path):
    """Why the file at @path has strings to translate, or None."""
    name = os.path.basename(path)
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return None

    if name.endswith(('.c', '.h')):
        m = C_MARKER.search(C_COMMENT.sub(' ', text))
        return f'calls {m.group(0).rstrip("(").strip()}()' if m else None
    if name.endswith('.ui'):
        return 'has translatable="yes"' if UI_MARKER.search(text) else None
    if re.search(r'\.desktop(\.in)+$', name):
        m = DESKTOP_KEY.search(text)
        return f'has a {m.group(0).rstrip("= ")} key' if m else None
    if re.search(r'\.(metainfo|appdata)\.xml(\.in)+$', name):
        m = METAINFO_ELEMENT.search(text)
        return f'has a {m.group(0)} element' if m else None
    if re.search(r'\.gschema\.xml(\.in)*$', name):
        if GSCHEMA_DOMAIN.search(text) and GSCHEMA_ELEMENT.search(text):
            return 'has a gettext-domain and summaries or descriptions'
        return None
    return None


def source_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if d.startswith('.') or is_build_dir(full):
                continue
            if dirpath == root and d in SKIPPED_DIRS:
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            yield os.path.relpath(os.path.join(dirpath, name), root)


def read_list(path):
    """The entries of POTFILES.in or LINGUAS: words, without comments."""
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                entries.extend(line.split())
    return entries


def check_potfiles(root):
    potfiles_in = os.path.join(root, 'po', 'POTFILES.in')
    errors = []

    listed = read_list(potfiles_in)
    seen = set()
    for entry in listed:
        if entry in seen:
            errors.append(f'po/POTFILES.in lists {entry} twice')
        seen.add(entry)
        if not os.path.isfile(os.path.join(root, entry)):
            errors.append(f'po/POTFILES.in lists {entry}, which does not exist')

    found = 0
    for rel in source_files(root):
        reason = translatable_reason(os.path.join(root, rel))
        if reason is None:
            continue
        found += 1
        if rel not in seen:
            errors.append(f'{rel} {reason} but is missing from po/POTFILES.in')

    if found == 0:
        errors.append(f'no file with translatable strings under {root}: wrong source root?')

    return errors


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def statistics(msgfmt, po):
    """(translated, fuzzy, untranslated) from `msgfmt --check --statistics`,
    or an error message."""
    p = run([msgfmt, '--check', '--statistics', '-o', os.devnull, po],
            env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
    if p.returncode != 0:
        return f'msgfmt --check fails:\n{p.stderr}'

    counts = {}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated) (?:message|translation)',
                                 p.stderr):
        counts[kind] = int(number)
    return (counts.get('translated', 0), counts.get('fuzzy', 0), counts.get('untranslated', 0))


def check_catalogues(root, xgettext, msgmerge, msgfmt, xgettext_args):
    po_dir = os.path.join(root, 'po')
    errors = []
    languages = read_list(os.path.join(po_dir, 'LINGUAS'))

    if not languages:
        return ['po/LINGUAS names no language']

    with tempfile.TemporaryDirectory(prefix='im-check-po.') as tmp:
        pot = os.path.join(tmp, 'current.pot')
        # As meson's gettext pot target runs xgettext, into a file of ours.
        p = run([xgettext, '--package-name=check', '-f', os.path.join(po_dir, 'POTFILES.in'),
                 '-D', root, '-k_', '-o', pot] + xgettext_args)
        if p.returncode != 0:
            return [f'xgettext fails:\n{p.stderr}']

        for lang in languages:
            po = os.path.join(po_dir, lang + '.po')
            if not os.path.isfile(po):
                errors.append(f'po/LINGUAS names {lang}, but po/{lang}.po does not exist')
                continue

            with open(po, encoding='utf-8') as f:
                if not re.search(r'^"Plural-Forms: nplurals=\d+; plural=.+;\\n"$', f.read(), re.M):
                    errors.append(f'po/{lang}.po has no Plural-Forms header')

            stats = statistics(msgfmt, po)
            if isinstance(stats, str):
                errors.append(f'po/{lang}.po: {stats}')
                continue
            translated, fuzzy, untranslated = stats
            print(f'po/{lang}.po: {translated} translated, {fuzzy} fuzzy, {untranslated} untranslated')
            if fuzzy or untranslated:
                errors.append(f'po/{lang}.po has {fuzzy} fuzzy and {untranslated} untranslated messages')
            if translated == 0:
                errors.append(f'po/{lang}.po translates nothing')

            merged = os.path.join(tmp, lang + '.po')
            p = run([msgmerge, '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot])
            if p.returncode != 0:
                errors.append(f'msgmerge po/{lang}.po fails:\n{p.stderr}')
                continue
            stats = statistics(msgfmt, merged)
            if isinstance(stats, str):
                errors.append(f'po/{lang}.po merged with the sources\' strings: {stats}')
                continue
            _, fuzzy, untranslated = stats
            if fuzzy or untranslated:
                errors.append(f'po/{lang}.po lacks {fuzzy + untranslated} of the strings in the sources '
                              f'now: run `meson compile industrialmind-pot industrialmind-update-po` '
                              f'and translate them')

    return errors


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


PO_HEADER = '''msgid ""
msgstr ""
"Project-Id-Version: check\\n"
"PO-Revision-Date: 2026-12-02 00:00+0000\\n"
"Last-Translator: Nobody\\n"
"Language-Team: German\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

'''


def self_test(xgettext, msgmerge, msgfmt, xgettext_args):
    failures = []

    def expect(name, errors, fails, needle=None):
        ok = bool(errors) == fails and (needle is None or any(needle in e for e in errors))
        print(f'{"ok" if ok else "FAILED"}: {name}: {errors if errors else "passes"}')
        if not ok:
            failures.append(name)

    with tempfile.TemporaryDirectory(prefix='im-check-po-self.') as root:
        write(os.path.join(root, 'po', 'LINGUAS'), 'de\n')
        write(os.path.join(root, 'po', 'POTFILES.in'), '# Files\nsrc/a.c\nsrc/a.ui\n')
        write(os.path.join(root, 'src', 'a.c'), 'const char *s = _("Pressure");\n')
        write(os.path.join(root, 'src', 'a.ui'),
              '<interface><object class="GtkLabel"><property name="label" '
              'translatable="yes">Power</property></object></interface>\n')
        write(os.path.join(root, 'src', 'plain.c'), '/* _("in a comment") */\nint x = f_(1);\n')
        write(os.path.join(root, 'tests', 't.c'), 'g_print (_("test output"));\n')
        write(os.path.join(root, 'po', 'de.po'), PO_HEADER +
              'msgid "Pressure"\nmsgstr "Druck"\n\nmsgid "Power"\nmsgstr "Leistung"\n')

        expect('potfiles: a complete list', check_potfiles(root), False)
        expect('catalogues: complete', check_catalogues(root, xgettext, msgmerge, msgfmt, xgettext_args),
               False)

        write(os.path.join(root, 'src', 'b.c'), 'n = g_dngettext (NULL, "%d day", "%d days", n);\n')
        expect('potfiles: a C file missing', check_potfiles(root), True, 'src/b.c')
        os.remove(os.path.join(root, 'src', 'b.c'))

        write(os.path.join(root, 'data', 'x.desktop.in.in'), '[Desktop Entry]\nName=X\n')
        expect('potfiles: a desktop file missing', check_potfiles(root), True, 'data/x.desktop.in.in')
        os.remove(os.path.join(root, 'data', 'x.desktop.in.in'))

        write(os.path.join(root, 'data', 'x.metainfo.xml.in.in'),
              '<component><summary>X</summary></component>\n')
        expect('potfiles: a metainfo file missing', check_potfiles(root), True, 'x.metainfo.xml.in.in')
        os.remove(os.path.join(root, 'data', 'x.metainfo.xml.in.in'))

        write(os.path.join(root, 'po', 'POTFILES.in'), 'src/a.c\nsrc/a.ui\nsrc/gone.c\n')
        expect('potfiles: a listed file that does not exist', check_potfiles(root), True, 'src/gone.c')
        write(os.path.join(root, 'po', 'POTFILES.in'), 'src/a.c\nsrc/a.ui\n')

        write(os.path.join(root, 'src', 'a.c'), 'const char *s = _("Pressure");\nconst char *t = _("Vibration");\n')
        expect('catalogues: a new string in the sources',
               check_catalogues(root, xgettext, msgmerge, msgfmt, xgettext_args), True, 'lacks 1')
        write(os.path.join(root, 'src', 'a.c'), 'const char *s = _("Pressure");\n')

        write(os.path.join(root, 'po', 'de.po'), PO_HEADER +
              'msgid "Pressure"\nmsgstr "Druck"\n\nmsgid "Power"\nmsgstr ""\n')
        expect('catalogues: an untranslated message',
               check_catalogues(root, xgettext, msgmerge, msgfmt, xgettext_args), True, '1 untranslated')

        write(os.path.join(root, 'po', 'de.po'), PO_HEADER +
              'msgid "Pressure"\nmsgstr "Druck"\n\n#, fuzzy\nmsgid "Power"\nmsgstr "Leistung"\n')
        expect('catalogues: a fuzzy message',
               check_catalogues(root, xgettext, msgmerge, msgfmt, xgettext_args), True, '1 fuzzy')

        write(os.path.join(root, 'po', 'de.po'), PO_HEADER +
              '#, c-format\nmsgid "Pressure %s"\nmsgstr "Druck %d"\n\nmsgid "Power"\nmsgstr "Leistung"\n')
        expect('catalogues: a broken format', check_catalogues(root, xgettext, msgmerge, msgfmt,
                                                              xgettext_args), True, 'msgfmt --check')

        write(os.path.join(root, 'po', 'LINGUAS'), 'de\nfr\n')
        expect('catalogues: a language without a .po',
               check_catalogues(root, xgettext, msgmerge, msgfmt, xgettext_args), True, 'po/fr.po')

    return [f'self-test "{name}" did not behave' for name in failures]


def main(argv):
    if len(argv) >= 2 and argv[0] == 'potfiles':
        errors = check_potfiles(argv[1])
    elif len(argv) >= 5 and argv[0] == 'catalogues':
        errors = check_catalogues(argv[1], argv[2], argv[3], argv[4], argv[5:])
    elif len(argv) >= 4 and argv[0] == 'self-test':
        errors = self_test(argv[1], argv[2], argv[3], argv[4:])
    else:
        print(__doc__ or 'usage: see the header of check-po.py', file=sys.stderr)
        return 2

    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
