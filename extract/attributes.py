"""Part of speech, morphology and lemmas, memoized per word form.

The English pipeline derives ``pos_``, ``morph`` and ``lemma_`` from the
tagger's ``tag_`` with two rule components: ``attribute_ruler`` (a
``Matcher`` tried at every token) and the rule ``lemmatizer`` (Python per
token); together they cost about a seventh of the whole pipeline. Yet their
result for a token only depends on its text, tag and dependency label,
except where one of the ruler's few multi-token patterns ("there is",
"gon na", "let 's") sets it. :class:`TokenAttributes` runs spaCy's own two
components once per new (text, tag, label), remembers the result and sets a
document's attributes from the memo in one array operation; a token that a
multi-token pattern sets is run through the two components with its
neighbours. The attributes are therefore exactly spaCy's (the tests compare
them on the corpus).

Learning a new key costs little, so that a process that starts cold is
about as fast as one whose memo is full:

- the ruler's answer depends on a word only if some pattern names the word
  (or a regular expression of a pattern matches it), and on a label only if
  some pattern names the label; other words and labels fall in one class per
  tag (and whether the word is whitespace), and the ruler runs once per
  class, not once per word;
- the lemmatizer the memo runs looks words up in its index of base forms as
  sets, where spaCy's keeps lists (57,528 nouns, scanned once per suffix
  rule: 90 µs per new word, 1.2 s for AG News World's 13,000); membership is
  the same, so are the lemmas, which depend on the word, its part of speech
  and its morphology only.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import minibatch

__all__ = ["FACTORY", "TokenAttributes", "install"]

log = logging.getLogger(__name__)

FACTORY = "geokg_token_attributes_v1"

# Token attributes that are a function of the text, the tag and the label:
# patterns on these alone can be memoized (or rerun on a window of tokens).
_LOCAL_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "IS_SPACE", "TAG", "DEP", "OP"})
_OUT = [POS, MORPH, LEMMA, TAG, DEP]
# Keys remembered before the memo starts afresh: bounds memory on an endless stream.
_MEMO_LIMIT = 1 << 20


class TokenAttributes:
    """``attribute_ruler`` followed by ``lemmatizer``, memoized per (text, tag, label).

    Args:
        vocab: the pipeline's vocabulary.
        attribute_ruler: the pipeline's ``AttributeRuler``.
        lemmatizer: the pipeline's rule ``Lemmatizer``.
    """

    def __init__(self, vocab: Any, attribute_ruler: Any, lemmatizer: Any) -> None:
        self.vocab = vocab
        self.attribute_ruler = attribute_ruler
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], tuple[int, int, int, int, int]] = {}
        # The multi-token patterns, the index of the token each one sets, and
        # what their first tokens can be: a cheap test before running the Matcher.
        self._multi = Matcher(vocab)
        self._target: dict[int, int] = {}
        self._width = 1
        self._firsts: dict[int, set[int]] = {LOWER: set(), DEP: set(), TAG: set()}
        self._first_regexes: list[re.Pattern[str]] = []
        self._always = False
        for i, entry in enumerate(attribute_ruler.patterns):
            long = [p for p in entry["patterns"] if len(p) > 1]
            if not long:
                continue
            key = f"multi-{i}"
            self._multi.add(key, long)
            self._target[vocab.strings.add(key)] = entry.get("index", 0)
            for pattern in long:
                self._width = max(self._width, len(pattern))
                self._add_first(pattern[0])
        self._regex_memo: dict[int, bool] = {}
        # What the ruler's patterns name: the ruler's answer per class of keys
        # (None: some pattern reads a word or label in a way classes cannot follow).
        self._named = _Named.of(attribute_ruler.patterns, vocab.strings)
        self._ruled: dict[tuple[int, int, int], tuple[int, int, int, int, int]] = {}

    def _add_first(self, token: dict[str, Any]) -> None:
        for attr, name in ((LOWER, "LOWER"), (DEP, "DEP"), (TAG, "TAG")):
            value = token.get(name)
            if isinstance(value, dict) and list(value) == ["IN"]:
                value = list(value["IN"])
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list):
                self._firsts[attr].update(self.vocab.strings.add(v) for v in value)
                return
        value = token.get("LOWER")
        if isinstance(value, dict) and list(value) == ["REGEX"]:
            self._first_regexes.append(re.compile(value["REGEX"]))
            return
        self._always = True

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self._keys(doc))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Documents with their attributes set; the new keys of a batch learned together."""
        for batch in minibatch(docs, size=batch_size):
            keyed = [(doc, self._keys(doc)) for doc in batch]
            new = [k for _, keys in keyed for k in keys if k not in self._memo]
            if new:
                self._learn(list(dict.fromkeys(new)))
            for doc, keys in keyed:
                yield self._set(doc, keys)

    def _keys(self, doc: Doc) -> list[tuple[int, int, int]]:
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
            self.lemmatizer.cache.clear()
        return list(map(tuple, doc.to_array([ORTH, TAG, DEP]).tolist()))

    def _set(self, doc: Doc, keys: list[tuple[int, int, int]]) -> Doc:
        if len(doc) == 0:
            return doc
        memo = self._memo
        new = [k for k in dict.fromkeys(keys) if k not in memo]
        if new:
            self._learn(new)
        rows = [memo[k] for k in keys]
        for i in self._context_tokens(doc):
            # a pattern over several tokens sets this one: learn it with its neighbours
            rows[i] = self._in_context(doc, i)
        doc.from_array(_OUT, np.array(rows, dtype=np.uint64))
        return doc

    def _may_span(self, doc: Doc) -> bool:
        """Whether some token could start a multi-token pattern (never a false no)."""
        if self._always:
            return True
        columns = doc.to_array([LOWER, DEP, TAG]).T.tolist()
        for attr, column in zip((LOWER, DEP, TAG), columns, strict=True):
            if not self._firsts[attr].isdisjoint(column):
                return True
        if self._first_regexes:
            strings, memo = self.vocab.strings, self._regex_memo
            for lower in set(columns[0]):
                hit = memo.get(lower)
                if hit is None:
                    hit = memo[lower] = any(rx.search(strings[lower]) for rx in self._first_regexes)
                if hit:
                    return True
        return False

    def _context_tokens(self, doc: Doc) -> set[int]:
        """Tokens that a multi-token pattern of the ruler sets."""
        if not len(self._multi) or not self._may_span(doc):
            return set()
        out = set()
        for match_id, start, end in self._multi(doc, allow_missing=True):
            index = self._target[match_id]
            out.add(start + index if index >= 0 else end + index)
        return out

    def _in_context(self, doc: Doc, i: int) -> tuple[int, int, int, int, int]:
        lo, hi = max(0, i - self._width + 1), min(len(doc), i + self._width)
        window = self._doc_of([(t.orth, t.tag, t.dep) for t in doc[lo:hi]])
        token = self.lemmatizer(self.attribute_ruler(window))[i - lo]
        return (token.pos, token.morph.key, token.lemma, token.tag, token.dep)

    def _doc_of(self, keys: list[tuple[int, int, int]]) -> Doc:
        """A document of these (text, tag, label) tokens, each its own root."""
        strings = self.vocab.strings
        return Doc(
            self.vocab,
            words=[strings[o] for o, _, _ in keys],
            tags=[strings[t] for _, t, _ in keys],
            deps=[strings[d] for _, _, d in keys],
            heads=list(range(len(keys))),
        )

    def _learn(self, keys: list[tuple[int, int, int]]) -> None:
        """Learn new (text, tag, label) keys: the ruler per class of keys, then the lemmas."""
        if self._named is None:
            self._run_components(keys, self._memo.__setitem__)
            return
        classes = [self._class_of(key) for key in keys]
        todo = [c for c in dict.fromkeys(classes) if c not in self._ruled]
        if todo:
            self._run_components(todo, self._ruled.__setitem__, lemmas=False)
        rows = []
        for (_, _, dep), c in zip(keys, classes, strict=True):
            pos, morph, lemma, tag, out_dep = self._ruled[c]
            # a label the ruler left as it was is the token's own
            rows.append((pos, morph, lemma, tag, dep if out_dep == c[2] else out_dep))
        # the lemmatizer on the new words, with the parts of speech the ruler gave
        words = self._doc_of(keys)
        words.from_array(_OUT, np.array(rows, dtype=np.uint64))
        self.lemmatizer(words)
        for key, token in zip(keys, words, strict=True):
            self._memo[key] = (token.pos, token.morph.key, token.lemma, token.tag, token.dep)

    def _class_of(self, key: tuple[int, int, int]) -> tuple[int, int, int]:
        """The key as the ruler sees it: a word or label no pattern names is any word or label.

        Such a word becomes a stand-in word (a whitespace one if it is whitespace),
        such a label a stand-in label; the ruler runs once per class.
        """
        orth, tag, dep = key
        named = self._named
        assert named is not None
        text = self.vocab.strings[orth]
        if not named.names_word(text):
            orth = named.any_space if text.isspace() else named.any_word
        if dep not in named.deps:
            dep = named.any_label
        return orth, tag, dep

    def _run_components(
        self,
        keys: list[tuple[int, int, int]],
        store: Any,
        *,
        lemmas: bool = True,
    ) -> None:
        """Run spaCy's components on (text, tag, label) keys, as one document."""
        words = self._doc_of(keys)
        alone = self._context_tokens(words) if len(keys) > 1 else set()
        # neighbours here are unrelated words: a token a multi-token pattern sets is
        # learned alone; the others only match one-token patterns, as they would alone
        self.attribute_ruler(words)
        if lemmas:
            self.lemmatizer(words)
        for i, (key, token) in enumerate(zip(keys, words, strict=True)):
            if i in alone:
                self._run_components([key], store, lemmas=lemmas)
            else:
                store(key, (token.pos, token.morph.key, token.lemma, token.tag, token.dep))


class _Named:
    """The words and labels the ruler's patterns name; other words and labels are alike to it."""

    def __init__(self, strings: Any) -> None:
        self.exact: set[str] = set()  # ORTH, TEXT
        self.lower: set[str] = set()  # LOWER
        self.regexes: list[tuple[bool, re.Pattern[str]]] = []  # (on the lower case, pattern)
        self.deps: set[int] = set()
        self._memo: dict[str, bool] = {}
        # stand-ins for the words and labels no pattern names
        self.any_word = strings.add("geokg-any-word")
        self.any_space = strings.add("\u2003")
        self.any_label = strings.add("geokg-any-label")

    @classmethod
    def of(cls, patterns: list[dict[str, Any]], strings: Any) -> _Named | None:
        """What the patterns name, or None if one reads a word or label by more than its value."""
        named = cls(strings)
        for entry in patterns:
            for pattern in entry["patterns"]:
                for token in pattern:
                    for key, value in token.items():
                        if key in ("TAG", "IS_SPACE", "OP"):
                            continue  # a class keeps the tag and whether it is whitespace
                        values, regex = _values(value), _regex(value)
                        if values is not None and key == "DEP":
                            named.deps.update(strings.add(v) for v in values)
                        elif values is not None:
                            (named.lower if key == "LOWER" else named.exact).update(values)
                        elif regex is not None and key != "DEP":
                            named.regexes.append((key == "LOWER", re.compile(regex)))
                        else:
                            return None
        stand_ins = ("geokg-any-word", "\u2003")
        if any(named.names_word(w) for w in stand_ins) or named.any_label in named.deps:
            return None
        return named

    def names_word(self, text: str) -> bool:
        hit = self._memo.get(text)
        if hit is None:
            lower = text.lower()
            hit = (
                text in self.exact
                or lower in self.lower
                or any(rx.search(lower if low else text) for low, rx in self.regexes)
            )
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()
            self._memo[text] = hit
        return hit


def _values(value: Any) -> list[str] | None:
    """The strings a pattern value compares with by equality (IN and NOT_IN too), or None."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            return list(arg)
    return None


def _regex(value: Any) -> str | None:
    if isinstance(value, dict) and list(value) == ["REGEX"] and isinstance(value["REGEX"], str):
        return value["REGEX"]
    return None


def memoizable(attribute_ruler: Any) -> bool:
    """Whether every pattern of the ruler reads only the tokens' text, tag and label."""
    return all(
        set(token) <= _LOCAL_KEYS
        for entry in attribute_ruler.patterns
        for pattern in entry["patterns"]
        for token in pattern
    )


def indexed_as_sets(lemmatizer: Any) -> Any:
    """A copy of a rule lemmatizer whose index of base forms is sets, not lists.

    spaCy's rule lemmatizer asks ``form in index`` for each suffix rule, and
    its tables hold each part of speech's base forms as a list. The copy
    holds the same words as frozensets: the same answers, in constant time.
    The lemmatizer in the pipeline is left as it is.
    """
    tables = lemmatizer.lookups
    if "lemma_index" not in tables.tables:
        return lemmatizer
    lookups = Lookups()
    for name in tables.tables:
        table = tables.get_table(name)
        if name == "lemma_index":
            lookups.add_table(name, {key: frozenset(words) for key, words in table.items()})
        else:
            lookups.set_table(name, table)
    fast = copy.copy(lemmatizer)
    fast.lookups = lookups
    fast.cache = {}
    # the instance holds its lemmatize method bound to itself: bind the copy's
    fast.lemmatize = getattr(fast, f"{fast.mode}_lemmatize")
    return fast


def _make(nlp: Language, name: str) -> TokenAttributes:
    lemmatizer = indexed_as_sets(nlp.get_pipe("lemmatizer"))
    return TokenAttributes(nlp.vocab, nlp.get_pipe("attribute_ruler"), lemmatizer)


def install(nlp: Language) -> bool:
    """Replace ``attribute_ruler`` and ``lemmatizer`` by :class:`TokenAttributes`.

    Returns False (and changes nothing) when the pipeline lacks them, its
    lemmatizer is not rule-based, or a ruler pattern reads more than the
    token's text, tag and label.
    """
    if not {"attribute_ruler", "lemmatizer"} <= set(nlp.pipe_names):
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return False
    if not memoizable(nlp.get_pipe("attribute_ruler")):
        log.debug("attribute_ruler has context patterns; keeping spaCy's components")
        return False
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, assigns=["token.pos", "token.morph", "token.lemma"], func=_make)
    nlp.add_pipe(FACTORY, after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return True
