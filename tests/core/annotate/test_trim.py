"""Selections lose the stray edges they take in (". " before, a line break after), in
the core, whichever face tags: the window, `claimmark tag` or `claimmark edit`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimmark.cli import main
from claimmark.core.annotate import editing as edits
from claimmark.core.annotate.anchoring import context
from claimmark.core.annotate.trim import trim_passage
from claimmark.core.export import collect, export
from claimmark.core.model import records
from claimmark.core.model.errors import InvalidAnnotation
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from tests.annotation_helpers import import_corpus

# (what the selection holds, as it occurs in the corpus article's reading text; what is stored)
CORPUS_SELECTIONS = [
    # a drag snapped to words takes in the end of the sentence before, and the stray
    # closing quote mark of a quotation opened before the passage
    ('. The US itself is the top threat to global cybersecurity."\n',
     "The US itself is the top threat to global cybersecurity."),
    # a quotation whose opening mark is selected keeps its closing one
    (', "The US is in fact the biggest threat to global cybersecurity."\n',
     '"The US is in fact the biggest threat to global cybersecurity."'),
    # a triple-click takes the paragraph's line break
    ("Following the 9/11 attacks, the Patriot Act required US internet companies to provide user "
     "information on a regular basis, the official said.\n",
     "Following the 9/11 attacks, the Patriot Act required US internet companies to provide user "
     "information on a regular basis, the official said."),
    (" the Patriot Act required US internet companies to provide user information on a regular basis, ",
     "the Patriot Act required US internet companies to provide user information on a regular basis"),
    # the page opens with a curly quote mark and closes with a straight one: both stay
    ("“I’ve noted reports on this. As facts have proven time and again, it is the US that has been "
     "forcing companies to install backdoors and obtaining user data in violation of relevant rules. "
     'The US itself is the top threat to global cybersecurity."\n',
     "“I’ve noted reports on this. As facts have proven time and again, it is the US that has been "
     "forcing companies to install backdoors and obtaining user data in violation of relevant rules. "
     'The US itself is the top threat to global cybersecurity."'),
    # quotation marks inside the passage are counted: the last one closes the first
    ('"And yet, it uses the banner of upholding cybersecurity to suppress foreign companies and tout the '
     'so-called "clean network" that excludes specific countries. Perhaps the US is convinced that it '
     'must have full liberty while others none."\n"',
     '"And yet, it uses the banner of upholding cybersecurity to suppress foreign companies and tout the '
     'so-called "clean network" that excludes specific countries. Perhaps the US is convinced that it '
     'must have full liberty while others none."'),
    # into the next paragraph: its opening quote mark goes, the sentence's full stop stays
    ('. Also, Ireland earlier asked Facebook to stop transferring EU user data to the US.\n"',
     "Also, Ireland earlier asked Facebook to stop transferring EU user data to the US."),
    # an apostrophe after a letter is part of the word
    ("while cracking down on other countries' ", "while cracking down on other countries'"),
    ("said that for a long time, ", "said that for a long time"),
]


@pytest.fixture
def project(project_path: Path, corpus: Path):
    with import_corpus(project_path, corpus) as opened:
        yield opened


def assert_consistent(project: Project, item: records.Annotation) -> None:
    """The quote is the text at the offsets, with the context around them."""
    text = project.document(item.document_id).text
    assert text[item.start : item.end] == item.exact
    assert (item.prefix, item.suffix) == context(text, item.start, item.end)
    assert project.check() == []


@pytest.mark.parametrize(("selected", "stored"), CORPUS_SELECTIONS)
def test_a_selection_on_the_corpus_article_is_stored_without_its_stray_edges(
    project: Project, selected: str, stored: str
) -> None:
    text = project.document(1).text
    start = text.index(selected)
    made = edits.add(project, 1, "quote", start, start + len(selected))
    assert made.exact == stored
    assert made.start == text.index(stored, start) and made.end == made.start + len(stored)
    assert_consistent(project, made)
    assert trim_passage(text, made.start, made.end) == (made.start, made.end)


@pytest.mark.parametrize(
    ("selected", "stored"),
    [  # the stored passages of the report (#15), in sentences around them
        ('. "I went to the institution, … institution," ', '"I went to the institution, … institution,"'),
        (" in legislation published yesterday", "in legislation published yesterday"),
        ("…an official said.\n", "…an official said."),
        ("fine.” Then", "fine.” Then"),
        ("it is fine.” ", "it is fine."),
        ("(see Table 1). ", "(see Table 1)."),
        ("for 50%. ", "for 50%."),
        ("the „Vertrag“, ", "the „Vertrag“"),
        ("« Bonjour » ", "« Bonjour »"),
        ("...and then: “", "...and then"),
        ("; — as said — ", "as said"),
    ],
)
def test_trimming_rules(selected: str, stored: str) -> None:
    text = f"Before it. {selected}after it."
    start = text.index(selected)
    new_start, new_end = trim_passage(text, start, start + len(selected))
    assert text[new_start:new_end] == stored


def test_a_selection_of_only_punctuation_keeps_it_and_white_space_is_refused(project: Project) -> None:
    text = project.document(1).text
    dot = text.index(".\n")
    assert edits.add(project, 1, "claim", dot, dot + 2).exact == "."
    with pytest.raises(InvalidAnnotation, match="nothing but white space"):
        edits.add(project, 1, "claim", dot + 1, dot + 2)


def test_a_passage_stored_untrimmed_before_gets_no_empty_quote_line(project: Project) -> None:
    # a project from before trimming: a triple-clicked paragraph kept its line break
    text = project.document(1).text
    paragraph = CORPUS_SELECTIONS[2][0]
    start = text.index(paragraph)
    made = edits.add(project, 1, "claim", start, start + len(paragraph))
    with project.transaction():
        project.db.execute('UPDATE annotations SET exact = ?, "end" = ? WHERE id = ?',
                           [paragraph, start + len(paragraph), made.id])
    assert ann.get(project, made.id).exact.endswith(".\n") and project.check() == []
    markdown = export(project, "md", collect(project))
    quote = [line for line in markdown.splitlines() if line.startswith(">")]
    assert quote == ["> " + CORPUS_SELECTIONS[2][1]]


def test_moving_an_annotation_trims_the_new_range(project: Project) -> None:
    text = project.document(1).text
    made = edits.add_text(project, 1, "claim", "the Patriot Act required US internet companies")
    selected = ", the official said.\n"
    start = text.index(selected)
    moved = edits.update(project, made.id, start=start, end=start + len(selected))
    assert moved.exact == "the official said." and moved.anchor_status == "exact"
    assert_consistent(project, moved)


def test_the_command_line_stores_the_same_trimmed_passages(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.path
    project.close()
    selected, stored = CORPUS_SELECTIONS[1]
    assert main(["tag", str(path), "1", "--kind", "quote", "--exact", selected]) == 0
    ann_id = int(capsys.readouterr().out)
    moved_to, moved_stored = CORPUS_SELECTIONS[0]
    assert main(["edit", str(path), str(ann_id), "--exact", moved_to]) == 0
    with Project.open(path) as reopened:
        item = ann.get(reopened, ann_id)
        assert item.exact == moved_stored
        assert_consistent(reopened, item)
        first = edits.add_text(reopened, 1, "quote", selected)
        assert first.exact == stored


@pytest.mark.parametrize("mark", ["”", ")", "»"])
def test_a_long_passage_ending_in_many_stray_marks_is_trimmed_in_linear_time(mark: str) -> None:
    # each stray closing mark is checked for a partner in the passage: counted afresh
    # each time, 100,000 of them after 2 MB took minutes; counted once, well under a second
    text = "word " * 400_000 + mark * 100_000
    started = time.perf_counter()
    assert trim_passage(text, 0, len(text)) == (0, 400_000 * 5 - 1)
    assert time.perf_counter() - started < 10


EDGES = st.text(alphabet=st.sampled_from([*"ab9 \n\t.,;:!?…—-\"'“”„‘’«»()[]%", "x", "é", "\u0301"]), max_size=24)


@settings(max_examples=400, deadline=None)
@given(EDGES, st.data())
def test_trimming_is_idempotent_and_only_narrows(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    new_start, new_end = trim_passage(text, start, end)
    assert start <= new_start <= new_end <= end
    assert trim_passage(text, new_start, new_end) == (new_start, new_end)
    passage = text[new_start:new_end]
    assert passage == passage.strip()
    assert bool(passage) == bool(text[start:end].strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_selection_of_the_corpus_article_is_stored_where_it_says(project: Project, data) -> None:
    # one project for all examples: each adds an annotation, and none depends on the others
    text = project.document(1).text
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 300)))
    if not text[start:end].strip():
        with pytest.raises(InvalidAnnotation):
            edits.add(project, 1, "claim", start, end)
        return
    made = edits.add(project, 1, "claim", start, end)
    assert start <= made.start < made.end <= end
    assert (made.start, made.end) == trim_passage(text, start, end)
    assert trim_passage(text, made.start, made.end) == (made.start, made.end)
    assert_consistent(project, made)
