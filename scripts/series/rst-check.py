#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse reStructuredText files with docutils, warnings as errors.

Sphinx-only directives and roles the kernel's documentation uses
(kernel-doc, toctree, c:function, :c:func:, :ref:, ...) are registered as
no-ops: docutils alone does not know them, Sphinx does, and they must not
fail the check. Everything else docutils reports at level WARNING or above
is a finding. Usage: rst-check.py FILE.rst...; exit 1 on any finding.
"""
import sys

import docutils.core
import docutils.utils
from docutils import nodes
from docutils.parsers.rst import Directive, directives, roles


class NoOp(Directive):
    """Accepts any arguments, options and content; produces nothing."""
    required_arguments = 0
    optional_arguments = 100
    final_argument_whitespace = True
    has_content = True
    option_spec = None

    def run(self):
        return []


class AnyOptions(dict):
    """An option_spec that accepts every option."""
    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return directives.unchanged


NoOp.option_spec = AnyOptions()

SPHINX_DIRECTIVES = """
kernel-doc kernel-abi kernel-feat kernel-include kernel-figure kernel-image
kernel-render maintainers-include toctree only index glossary
productionlist highlight literalinclude code-block sourcecode seealso
versionadded versionchanged deprecated centered hlist tabularcolumns
c:function c:macro c:struct c:union c:enum c:enumerator c:type c:member
c:var c:namespace c:namespace-push c:namespace-pop c:alias
cpp:function cpp:class cpp:type cpp:member cpp:namespace
py:function py:class py:module
""".split()

SPHINX_ROLES = """
ref doc c:func c:type c:macro c:struct c:union c:enum c:member c:data
c:var c:expr c:texpr cpp:func cpp:class cpp:type cpp:expr file
program option envvar command kbd menuselection samp term abbr numref
download any manpage dfn guilabel mimetype makevar keyword pep rfc
""".split()


def noop_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.literal(rawtext, text)], []


def main(argv):
    for d in SPHINX_DIRECTIVES:
        directives.register_directive(d, NoOp)
    for r in SPHINX_ROLES:
        roles.register_local_role(r, noop_role)
    bad = 0
    for path in argv:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            docutils.core.publish_doctree(
                text, source_path=path,
                settings_overrides={
                    "report_level": docutils.utils.Reporter.WARNING_LEVEL,
                    "halt_level": docutils.utils.Reporter.WARNING_LEVEL,
                    "warning_stream": sys.stderr,
                    "file_insertion_enabled": True,
                    "raw_enabled": False,
                })
            print(f"ok: {path}")
        except docutils.utils.SystemMessage as e:
            print(f"{path}: {e}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
