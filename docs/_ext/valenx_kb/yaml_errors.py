"""YAML syntax errors in a contributor's words, at the line to look at: pure Python."""

import re

import yaml

# PyYAML's (context, problem) openings, whether the context's line is the one to look at
# (where a bracket or quote opened), and the problem in a contributor's words. {char} is
# the character at that line's mark, {line} the line's text. The first match wins.
YAML_PROBLEMS: list[tuple[str, str, bool, str]] = [
    (
        "",
        "found character '\\t'",
        False,
        "this line has a tab character; YAML indents with spaces only. "
        "Replace the tab with spaces.",
    ),
    (
        "while scanning a quoted scalar",
        "",
        True,
        "the text that starts with {char} on this line is never closed. "
        "Add the closing {char} at its end.",
    ),
    (
        "while scanning a double-quoted scalar",
        "",
        False,
        "a backslash in this quoted text starts an escape YAML does not know. "
        "Write two backslashes for one, or use single quotes.",
    ),
    (
        "while scanning a simple key",
        "",
        True,
        "the line {line} has no ':' after its field name. "
        "Write it as 'name: value', with a space after the colon.",
    ),
    (
        "while parsing a flow sequence",
        "",
        True,
        "the list that starts with '[' on this line is not closed. "
        "End it with ']', and put any item that contains ':' in quotes.",
    ),
    (
        "while parsing a flow mapping",
        "",
        True,
        "the mapping that starts with '{{' on this line is not closed. "
        "End it with '}}', or put the value in quotes if the '{{' is part of the text.",
    ),
    (
        "while scanning a block scalar",
        "",
        True,
        "nothing may follow '|' or '>' on this line: they start a text on the lines below. "
        "Put the value in quotes, or move the text to the next lines, indented.",
    ),
    (
        "expected a single document",
        "",
        False,
        "a second YAML document starts here with '---', but a data file holds only one. "
        "Remove this line and keep every field in one document.",
    ),
    ("", "found character", False, "a value cannot start with {char}. Put the value in quotes."),
    ("", "expected the node content", False, "a value cannot start with {char}. Put it in quotes."),
    ("", "mapping keys are not allowed", False, "a value cannot start with '?'. Put it in quotes."),
    ("", "found undefined alias", False, "a value cannot start with '*'. Put it in quotes."),
    ("while scanning an anchor", "", True, "a value cannot start with '&'. Put it in quotes."),
    ("while scanning an alias", "", True, "a value cannot start with '*'. Put it in quotes."),
    ("while parsing a tag", "", True, "a value cannot start with '!'. Put it in quotes."),
]

INDENTATION = (
    "this line is not lined up with the lines above it. Indent it by as many spaces "
    "as the other fields at its level."
)


def explain_yaml_error(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """A YAML syntax error in plain words, at the line a contributor should look at."""
    context, problem = error.context or "", error.problem or ""
    for context_start, problem_start, at_context, message in YAML_PROBLEMS:
        if context.startswith(context_start) and problem.startswith(problem_start):
            mark = (error.context_mark if at_context else None) or error.problem_mark
            return _mark_line(mark), message.format(
                char=repr(_char_at(mark, text)), line=repr(shorten(_line_at(mark, text).strip()))
            )
    mark = error.problem_mark or error.context_mark
    line_text = _line_at(mark, text)
    if problem == "mapping values are not allowed here" and mark is not None:
        if ": " in line_text[: mark.column]:
            return _mark_line(mark), (
                "the value on this line contains ': ', which YAML reads as a new field. "
                "Put the whole value in quotes."
            )
        return _mark_line(mark), (
            "this line is indented more than the field above it. Indent it by as many "
            "spaces as the other fields at its level."
        )
    if problem.startswith("expected <block end>") and mark is not None:
        return _mark_line(mark), _explain_block_end(problem, line_text, mark.column)
    reason = problem or context or "it is not valid YAML"
    return _mark_line(mark), (
        f"YAML cannot read this line ({reason}). Check its indentation, that each field "
        "has ': ' after its name, and that every bracket and quote is closed."
    )


def _explain_block_end(problem: str, line_text: str, column: int) -> str:
    """What is wrong when PyYAML expected the end of a block but found something else."""
    found = problem.rpartition("but found ")[2]
    before = line_text[:column].rstrip()
    if re.match(r"\s*-[^\s-]", line_text):  # "-id: x" is a key named "-id", not an item
        return "a list item needs a space after its '-'. Write '- ' at its start."
    if found in ("']'", "'}'"):
        return f"this line has a {found} that closes nothing. Remove it, or quote the value."
    if found == "'-'":
        return (
            "this line starts a list item ('- ') where a field belongs. "
            "Check its indentation, or remove the '-'."
        )
    if found in ("'<scalar>'", "','") and before and before[-1] in "]}":
        return f"text follows the closing {before[-1]!r} on this line. Put the value in quotes."
    if found in ("'<scalar>'", "','") and before and before[-1] in "'\"":
        return (
            f"text follows the closing {before[-1]!r} on this line. Put the whole value in "
            "quotes, and write a ' inside single quotes as ''."
        )
    return INDENTATION


def _mark_line(mark: yaml.Mark | None) -> int | None:
    """The 1-based line of a mark."""
    return mark.line + 1 if mark else None


def _char_at(mark: yaml.Mark | None, text: str) -> str:
    """The character a mark points at."""
    return text[mark.index] if mark and mark.index < len(text) else "?"


def _line_at(mark: yaml.Mark | None, text: str) -> str:
    """The text of the line a mark is on."""
    lines = text.splitlines()
    return lines[mark.line] if mark and mark.line < len(lines) else ""


def shorten(text: str) -> str:
    """Text cut to 40 characters, so a message stays one readable line."""
    return text if len(text) <= 40 else text[:37] + "..."
